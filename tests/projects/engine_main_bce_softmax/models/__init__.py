from .tagger import ImageTagger
