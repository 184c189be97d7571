"""Reading sources: finding the files to check, decoding Python and notebooks, parsing."""
