"""What library calls mean: one module per library family, each registering its handlers in
`lossguard.analysis.registry` on import. Importing this package loads them all."""

from lossguard.analysis.libraries import common, data, ecosystem, keras, python, tfraw, torch  # noqa: F401
from lossguard.analysis.libraries import training  # noqa: F401  (last: it wraps reducers registered above)
