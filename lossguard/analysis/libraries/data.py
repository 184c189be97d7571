"""Data and label semantics: known datasets, image readers, scaling, label encodings, loaders.

What matters for the rules: is an array raw 0..255 pixels (and where did they come from), are
labels one-hot or integer and over how many classes, are regression targets outside [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from lossguard.analysis.libraries.common import (
    as_tensor, data_tensor, int_const, random_integers, rank_of, reshape_tensor, squeeze_tensor, tuple_of,
    unsqueeze_tensor, with_rank,
)
from lossguard.analysis.events import SetupEvent
from lossguard.analysis.registry import CALLS, CallCtx, on_call, on_method
from lossguard.analysis.values import (
    UNKNOWN, Const, DataInfo, DataSource, DictVal, Function, Instance, Ref, Scaler, Seq, SomeInt, Tensor,
    Transform, Value,
)

# ------------------------------------------------------------------------------------ Keras datasets
# name → (x facts, y facts)
_IMAGE = {"value_range": "0..255", "is_image": True}
KERAS_DATASETS = {
    "mnist": (_IMAGE, {"encoding": "integer", "n_classes": 10}),
    "fashion_mnist": (_IMAGE, {"encoding": "integer", "n_classes": 10}),
    "cifar10": (_IMAGE, {"encoding": "integer", "n_classes": 10}),
    "cifar100": (_IMAGE, {"encoding": "integer", "n_classes": 100}),
    "imdb": ({}, {"encoding": "binary", "n_classes": 2, "value_range": "0..1"}),
    "reuters": ({}, {"encoding": "integer", "n_classes": 46}),
    "boston_housing": ({}, {"encoding": "continuous", "target_range": (5.0, 50.0),
                            "target_name": "Boston house prices (5..50, in $1000s)"}),
    "california_housing": ({}, {"encoding": "continuous", "target_range": (14999.0, 500001.0),
                                "target_name": "California house prices (in dollars)"}),
}


def _keras_load_data(name: str):
    x_facts, y_facts = KERAS_DATASETS[name]

    def handler(ctx: CallCtx) -> Value:
        y = dict(y_facts)
        if name == "cifar100" and ctx.const(None, "label_mode", default="fine") == "coarse":
            y["n_classes"] = 20
        if "n_classes" in y:
            y["classes_node"] = ctx.node

        def x() -> Tensor:
            return data_tensor(origin=ctx.node, **x_facts) if x_facts else data_tensor()

        return tuple_of(tuple_of(x(), data_tensor(**y)), tuple_of(x(), data_tensor(**y)))
    return handler


for _name in KERAS_DATASETS:
    CALLS[f"keras.datasets.{_name}.load_data"] = _keras_load_data(_name)

# ------------------------------------------------------------------------------------ sklearn datasets
SKLEARN_DATASETS = {
    "load_iris": ({}, {"encoding": "integer", "n_classes": 3}),
    "load_wine": ({}, {"encoding": "integer", "n_classes": 3}),
    "load_breast_cancer": ({}, {"encoding": "binary", "n_classes": 2, "value_range": "0..1"}),
    "load_digits": ({"is_image": True}, {"encoding": "integer", "n_classes": 10}),
    "load_diabetes": ({}, {"encoding": "continuous", "target_range": (25.0, 346.0),
                           "target_name": "diabetes progression scores (25..346)"}),
    "fetch_california_housing": ({}, {"encoding": "continuous", "target_range": (0.15, 5.0),
                                      "target_name": "California house values (0.15..5, in $100,000s)"}),
    "load_boston": ({}, {"encoding": "continuous", "target_range": (5.0, 50.0),
                         "target_name": "Boston house prices (5..50, in $1000s)"}),
}


def _sklearn_dataset(name: str):
    x_facts, y_facts = SKLEARN_DATASETS[name]

    def handler(ctx: CallCtx) -> Value:
        y_extra = {"classes_node": ctx.node} if "n_classes" in y_facts else {}
        x = data_tensor(**x_facts)
        y = data_tensor(**y_facts, **y_extra)
        if ctx.const(None, "return_X_y", default=False) is True:
            return tuple_of(x, y)
        bunch = DictVal({"data": x, "target": y, "images": x})
        bunch.bunch = True  # type: ignore[attr-defined]
        return bunch
    return handler


for _name in SKLEARN_DATASETS:
    CALLS[f"sklearn.datasets.{_name}"] = _sklearn_dataset(_name)


@on_call("sklearn.model_selection.train_test_split", "sklearn.cross_validation.train_test_split")
def _train_test_split(ctx: CallCtx) -> Value:
    if ctx.star_args:
        return UNKNOWN
    out: list[Value] = []
    for array in ctx.args:
        out.extend([array, array])
    return Seq(out, "list")


# ------------------------------------------------------------------------------------ labels
def _labels_n(labels: Value) -> tuple[Optional[int], Optional[cst.CSTNode]]:
    t = as_tensor(labels)
    if t.data is not None:
        return t.data.n_classes, t.data.classes_node
    return None, None


@on_call("keras.utils.to_categorical")
def _to_categorical(ctx: CallCtx) -> Value:
    n = int_const(ctx.arg(1, "num_classes"))
    node = ctx.arg_node(1, "num_classes")
    if not ctx.has(1, "num_classes"):
        n, node = _labels_n(ctx.arg(0, "y"))
    elif n is None:
        node = None
    return data_tensor(encoding="one_hot", n_classes=n, classes_node=node, value_range="0..1")


@on_call("tensorflow.one_hot")
def _tf_one_hot(ctx: CallCtx) -> Value:
    n = int_const(ctx.arg(1, "depth"))
    return data_tensor(encoding="one_hot", n_classes=n, classes_node=ctx.arg_node(1, "depth"), value_range="0..1")


@on_call("pandas.get_dummies")
def _get_dummies(ctx: CallCtx) -> Value:
    return data_tensor(encoding="one_hot", value_range="0..1")


@on_call("numpy.zeros")
def _np_zeros(ctx: CallCtx) -> Value:
    """np.zeros((n, k)): an empty (n, k) table, which `y2[np.arange(n), y] = 1` makes one-hot with k classes."""
    shape = ctx.arg(0, "shape")
    dims = list(shape.items) if isinstance(shape, Seq) else None
    if dims is None or len(dims) != 2:
        return data_tensor(value_range="0..1", rank=len(dims) if dims is not None else None)
    node = ctx.arg_node(0, "shape")
    width = node.elements[1].value if isinstance(node, (cst.Tuple, cst.List)) and len(node.elements) == 2 else None
    return data_tensor(encoding="zeros", n_classes=int_const(dims[1]), classes_node=width, value_range="0..1", rank=2)


@on_call("numpy.eye", "numpy.identity")
def _eye(ctx: CallCtx) -> Value:
    return data_tensor(encoding="identity", n_classes=int_const(ctx.arg(0, "N")), classes_node=ctx.arg_node(0, "N"))


@on_call("numpy.argmax", "tensorflow.argmax", "tensorflow.math.argmax", "keras.ops.argmax")
def _np_argmax(ctx: CallCtx) -> Value:
    x = as_tensor(ctx.arg(0, "a"))
    if x.data is not None and x.data.encoding == "one_hot":
        return data_tensor(encoding="integer", n_classes=x.data.n_classes, classes_node=x.data.classes_node)
    return Tensor()


# ------------------------------------------------------------------------------------ arrays
def _first_preserved(ctx: CallCtx) -> Value:
    x = ctx.arg(0)
    if not isinstance(x, Tensor):
        for key in ("a", "x", "input", "arr", "value", "tensor", "image", "images", "object", "data"):
            if key in ctx.kwargs:
                x = ctx.kwargs[key]
                break
    return x if isinstance(x, Tensor) else UNKNOWN


for _q in ("numpy.array", "numpy.asarray", "numpy.float32", "numpy.float64", "numpy.expand_dims",
           "numpy.reshape", "numpy.squeeze", "numpy.copy", "numpy.ascontiguousarray", "numpy.asfarray",
           "numpy.transpose", "numpy.moveaxis", "numpy.swapaxes", "numpy.flip", "numpy.fliplr",
           "tensorflow.cast", "tensorflow.reshape", "tensorflow.expand_dims", "tensorflow.squeeze",
           "tensorflow.convert_to_tensor", "tensorflow.constant", "tensorflow.image.resize",
           "tensorflow.image.random_flip_left_right", "tensorflow.transpose", "keras.ops.expand_dims",
           "keras.ops.reshape", "keras.ops.cast", "keras.utils.img_to_array",
           "keras.preprocessing.image.img_to_array", "cv2.resize", "cv2.cvtColor", "PIL.Image.fromarray",
           "keras.utils.pad_sequences", "keras.preprocessing.sequence.pad_sequences",
           "skimage.transform.resize_local_mean", "tensorflow.image.random_crop",
           "tensorflow.image.grayscale_to_rgb", "tensorflow.image.rgb_to_grayscale"):
    CALLS[_q] = _first_preserved


@on_call("numpy.expand_dims", "tensorflow.expand_dims", "keras.ops.expand_dims")
def _expand_dims(ctx: CallCtx) -> Value:
    x = _first_preserved(ctx)
    return unsqueeze_tensor(x) if isinstance(x, Tensor) else x


@on_call("numpy.squeeze", "tensorflow.squeeze", "keras.ops.squeeze")
def _squeeze(ctx: CallCtx) -> Value:
    x = _first_preserved(ctx)
    return squeeze_tensor(x) if isinstance(x, Tensor) else x


@on_call("numpy.reshape", "tensorflow.reshape", "keras.ops.reshape")
def _reshape(ctx: CallCtx) -> Value:
    x = _first_preserved(ctx)
    if not isinstance(x, Tensor):
        return x
    shape = ctx.arg(1, "shape") if ctx.has(None, "shape") else ctx.arg(1, "newshape")
    return reshape_tensor(x, list(shape.items) if isinstance(shape, Seq) else None)


@on_call("cv2.cvtColor", "PIL.Image.fromarray", "keras.utils.pad_sequences", "keras.preprocessing.sequence.pad_sequences",
         "keras.utils.img_to_array", "keras.preprocessing.image.img_to_array", "tensorflow.image.grayscale_to_rgb",
         "tensorflow.image.rgb_to_grayscale", "tensorflow.image.extract_patches", "keras.ops.image.extract_patches",
         "tensorflow.nn.space_to_depth", "tensorflow.nn.depth_to_space")
def _reshaping_preserved(ctx: CallCtx) -> Value:
    x = _first_preserved(ctx)
    return with_rank(x, None) if isinstance(x, Tensor) else x


def stacked(items: list[Value], new_axis: bool) -> Value:
    """np.stack / np.concatenate / np.array of a list of arrays: what all the parts have in common
    (a list built in a loop over unknown files is one representative part)."""
    if not items or not all(isinstance(i, Tensor) and i.data is not None and i.head is None for i in items):
        return UNKNOWN
    infos = [i.data for i in items]  # type: ignore[union-attr]
    first = infos[0]
    same = all(d.value_range == first.value_range and d.encoding == first.encoding and d.n_classes == first.n_classes
               and d.is_image == first.is_image and d.target_range == first.target_range for d in infos)
    if not same:
        return Tensor(data=DataInfo(is_image=all(d.is_image for d in infos)))
    ranks = {d.rank for d in infos}
    rank = ranks.pop() if len(ranks) == 1 else None
    if rank is not None and new_axis:
        rank += 1
    return Tensor(data=DataInfo(value_range=first.value_range, origin=first.origin, is_image=first.is_image,
                                encoding=first.encoding, n_classes=first.n_classes, classes_node=first.classes_node,
                                target_range=first.target_range, target_name=first.target_name, rank=rank))


@on_call("numpy.stack", "numpy.vstack", "numpy.hstack", "numpy.concatenate", "numpy.dstack")
def _np_stack(ctx: CallCtx) -> Value:
    arrays = ctx.arg(0, "arrays") if not ctx.has(None, "tup") else ctx.arg(None, "tup")
    if not isinstance(arrays, Seq) or ctx.star_args:
        return UNKNOWN
    out = stacked(list(arrays.items), ctx.qualname == "numpy.stack")
    if isinstance(out, Tensor) and ctx.qualname in ("numpy.vstack", "numpy.hstack", "numpy.dstack"):
        out = with_rank(out, None)
    return out


@on_call("numpy.array", "numpy.asarray")
def _np_array(ctx: CallCtx) -> Value:
    x = ctx.arg(0, "object") if ctx.has(None, "object") else ctx.arg(0, "a")
    if isinstance(x, Seq) and x.items and all(isinstance(i, Tensor) for i in x.items):
        return stacked(list(x.items), True)  # np.array([img1, img2, ...]) / np.array([read(p) for p in paths])
    if isinstance(x, Seq) and x.items and not getattr(x, "repeat", False) and all(int_const(i) is not None for i in x.items):
        return data_tensor(rank=1)  # a literal vector of integers (class ids or counts: not known which)
    return _first_preserved(ctx)


# PIL image modes: "1" gives booleans (0/1) once in numpy; "P" palette indices, "I"/"F" are not 0..255
_PIL_MODES = {"1": "binary", "L": "0..255", "RGB": "0..255", "RGBA": "0..255", "LA": "0..255", "CMYK": "0..255",
              "YCbCr": "0..255", "HSV": "0..255", "LAB": "0..255"}


@on_method(Tensor, "convert")
def _pil_convert(t: Tensor, name: str, ctx: CallCtx) -> Value:
    if t.data is None or t.data.value_range != "0..255":
        return t
    mode = _PIL_MODES.get(ctx.const(0, "mode"))  # type: ignore[arg-type]
    if mode == "0..255":
        return t
    if mode == "binary":
        return data_tensor(value_range="0..1", is_image=True)
    return Tensor(data=DataInfo(is_image=True))  # a palette / 32-bit / unknown mode: range unknown


# ------------------------------------------------------------------------------------ random arrays
def _dims_of(value: Value) -> Optional[list[Value]]:
    if isinstance(value, Seq) and not getattr(value, "repeat", False):
        return list(value.items)
    if int_const(value) is not None or isinstance(value, SomeInt):
        return [value]
    return None


def _int_set(value: Value) -> Optional[list[int]]:
    if isinstance(value, Seq) and value.items and all(int_const(i) is not None for i in value.items):
        return [int_const(i) for i in value.items]  # type: ignore[misc]
    return None


def randint_like(ctx: CallCtx, high_kw: str = "high", endpoint: bool = False) -> Value:
    """numpy's randint(low, high=None, size=None) / Generator.integers(low, high=None, size=None):
    [0, low) when high is absent; no size is a single number."""
    if not ctx.has(2, "size"):
        return UNKNOWN
    low, high = ctx.const(0, "low"), ctx.const(1, high_kw, default=None)
    if high is None:
        low, high = 0, low
    if endpoint and isinstance(high, int):
        high += 1
    return random_integers(low, high, _dims_of(ctx.arg(2, "size")), ctx.node)


def choice_like(ctx: CallCtx) -> Value:
    """np.random.choice(a, size=None, replace=True, p=None): a number N draws from range(N)."""
    if not ctx.has(1, "size"):
        return UNKNOWN
    a = ctx.arg(0, "a")
    dims = _dims_of(ctx.arg(1, "size"))
    n = int_const(a)
    if n is not None:
        return random_integers(0, n, dims, ctx.node)
    values = _int_set(a)
    if values is not None and min(values) >= 0:
        high = max(values) + 1
        if set(values) == set(range(high)):
            return random_integers(0, high, dims, ctx.node)
        return random_integers(min(values), high, dims, None) if high <= 2 else data_tensor(
            encoding="integer", rank=len(dims) if dims is not None else None)
    return data_tensor(rank=len(dims) if dims is not None else None)


def _float_array(value_range: Optional[str], dims: Optional[list[Value]]) -> Tensor:
    return data_tensor(value_range=value_range, rank=len(dims) if dims is not None else None)


@on_call("numpy.random.randint")
def _np_randint(ctx: CallCtx) -> Value:
    return randint_like(ctx)


@on_call("numpy.random.choice")
def _np_choice(ctx: CallCtx) -> Value:
    return choice_like(ctx)


@on_call("numpy.random.rand")
def _np_rand(ctx: CallCtx) -> Value:
    return _float_array("0..1", None if ctx.star_args else list(ctx.args))


@on_call("numpy.random.randn")
def _np_randn(ctx: CallCtx) -> Value:
    return _float_array("scaled", None if ctx.star_args else list(ctx.args))


@on_call("numpy.random.random", "numpy.random.random_sample", "numpy.random.sample")
def _np_random(ctx: CallCtx) -> Value:
    return _float_array("0..1", _dims_of(ctx.arg(0, "size")))


@on_call("numpy.random.normal", "numpy.random.standard_normal")
def _np_normal(ctx: CallCtx) -> Value:
    size = ctx.arg(0, "size") if ctx.qualname.endswith("standard_normal") else ctx.arg(2, "size")
    return _float_array("scaled", _dims_of(size))


@on_call("numpy.random.uniform")
def _np_uniform(ctx: CallCtx) -> Value:
    low, high = ctx.const(0, "low", default=0.0), ctx.const(1, "high", default=1.0)
    unit = low in (0, 0.0) and high in (1, 1.0)
    return _float_array("0..1" if unit else None, _dims_of(ctx.arg(2, "size")))


@dataclass(eq=False)
class RandomGen(Value):
    """np.random.default_rng(seed) / np.random.RandomState(seed): the same draws as np.random.*."""

    modern: bool  # Generator (integers) or RandomState (randint)


@on_call("numpy.random.default_rng", "numpy.random.RandomState", "numpy.random.Generator")
def _rng(ctx: CallCtx) -> Value:
    return RandomGen(modern=not ctx.qualname.endswith("RandomState"))


@on_method(RandomGen, "*")
def _rng_method(rng: RandomGen, name: str, ctx: CallCtx) -> Value:
    if name == "integers":
        return randint_like(ctx, endpoint=ctx.const(None, "endpoint", default=False) is True)
    if name == "randint":
        return randint_like(ctx)
    if name == "choice":
        return choice_like(ctx)
    if name in ("random", "random_sample"):
        return _float_array("0..1", _dims_of(ctx.arg(0, "size")))
    if name == "rand":
        return _float_array("0..1", None if ctx.star_args else list(ctx.args))
    if name == "randn":
        return _float_array("scaled", None if ctx.star_args else list(ctx.args))
    if name in ("normal", "standard_normal"):
        return _float_array("scaled", None)
    return UNKNOWN


def _is_int_dtype(value: Value) -> Optional[bool]:
    if isinstance(value, Const):
        if value.value is None:
            return False
        if isinstance(value.value, str):
            return value.value.startswith(("int", "uint"))
        return None
    if isinstance(value, Ref):
        return value.qualname.split(".")[-1].startswith(("int", "uint"))
    return None


@on_call("tensorflow.random.uniform", "tensorflow.random_uniform")
def _tf_uniform(ctx: CallCtx) -> Value:
    """tf.random.uniform(shape, minval=0, maxval=None, dtype=tf.float32): integer dtypes draw ids in
    [minval, maxval)."""
    dims = _dims_of(ctx.arg(0, "shape"))
    is_int = _is_int_dtype(ctx.arg(3, "dtype", default=Const(None)))
    low, high = ctx.const(1, "minval", default=0), ctx.const(2, "maxval", default=None)
    if is_int is True:
        return random_integers(low, high, dims, ctx.node)
    if is_int is False:
        unit = low in (0, 0.0) and high in (None, 1, 1.0)
        return _float_array("0..1" if unit else None, dims)
    return data_tensor(rank=len(dims) if dims is not None else None)


@on_call("tensorflow.random.normal", "tensorflow.random_normal", "tensorflow.random.truncated_normal")
def _tf_normal(ctx: CallCtx) -> Value:
    return _float_array("scaled", _dims_of(ctx.arg(0, "shape")))


def _image_reader(ctx: CallCtx) -> Value:
    return data_tensor(value_range="0..255", origin=ctx.node, is_image=True)


for _q in ("PIL.Image.open", "cv2.imread", "torchvision.io.read_image", "torchvision.io.decode_image",
           "torchvision.io.decode_jpeg", "torchvision.io.decode_png", "skimage.io.imread", "imageio.imread",
           "imageio.v2.imread", "imageio.v3.imread", "keras.utils.load_img", "keras.preprocessing.image.load_img",
           "tensorflow.io.decode_jpeg", "tensorflow.io.decode_png", "tensorflow.io.decode_image",
           "tensorflow.image.decode_jpeg", "tensorflow.image.decode_png", "tensorflow.image.decode_image"):
    CALLS[_q] = _image_reader


@on_call("tensorflow.image.convert_image_dtype")
def _convert_image_dtype(ctx: CallCtx) -> Value:
    return data_tensor(value_range="0..1", is_image=True)


@on_call("numpy.where")
def _np_where(ctx: CallCtx) -> Value:
    a, b = ctx.arg(1, "x"), ctx.arg(2, "y")
    if isinstance(a, Const) and isinstance(b, Const) and {a.value, b.value} <= {0, 1}:
        return data_tensor(value_range="0..1", encoding="binary", n_classes=2)
    return Tensor(data=DataInfo())


@on_call("numpy.clip", "torch.clamp", "torch.clip", "tensorflow.clip_by_value")
def _clip(ctx: CallCtx) -> Value:
    x = ctx.arg(0)
    if isinstance(x, Tensor) and x.head is not None:
        from lossguard.analysis.libraries.common import apply_activation

        return apply_activation(ctx.interp, x, "clamp", ctx.node, x.head.framework)
    return Tensor(data=DataInfo(value_range="scaled")) if isinstance(x, Tensor) and x.data else UNKNOWN


# scaling functions
def _scaled(ctx: CallCtx) -> Value:
    x = as_tensor(ctx.arg(0))
    return data_tensor(value_range="scaled", is_image=bool(x.data and x.data.is_image))


for _q in ("keras.applications.preprocess_input", "keras.applications.imagenet_utils.preprocess_input",
           "sklearn.preprocessing.scale", "sklearn.preprocessing.normalize", "sklearn.preprocessing.minmax_scale",
           "keras.utils.normalize", "tensorflow.image.per_image_standardization", "tensorflow.nn.l2_normalize",
           "torch.nn.functional.normalize", "torchvision.transforms.functional.normalize",
           "torchvision.transforms.functional.to_tensor"):
    CALLS[_q] = _scaled


@on_call("torchvision.transforms.functional.pil_to_tensor")
def _pil_to_tensor_fn(ctx: CallCtx) -> Value:
    return data_tensor(value_range="0..255", origin=ctx.node, is_image=True)


# ------------------------------------------------------------------------------------ sklearn scalers
_SCALERS = {"StandardScaler": "scaler", "MinMaxScaler": "minmax", "RobustScaler": "scaler",
            "MaxAbsScaler": "scaler", "Normalizer": "scaler", "QuantileTransformer": "scaler",
            "PowerTransformer": "scaler", "OneHotEncoder": "onehot", "LabelBinarizer": "label_binarizer",
            "LabelEncoder": "label_encoder", "OrdinalEncoder": "label_encoder", "MultiLabelBinarizer": "multi_hot"}


def _scaler(ctx: CallCtx) -> Value:
    return Scaler(kind=_SCALERS[ctx.qualname.split(".")[-1]], node=ctx.node)


for _name in _SCALERS:
    CALLS["sklearn.preprocessing." + _name] = _scaler


@on_method(Scaler, "*")
def _scaler_method(scaler: Scaler, name: str, ctx: CallCtx) -> Value:
    if name == "fit":
        return scaler
    if name not in ("fit_transform", "transform"):
        return UNKNOWN
    x = as_tensor(ctx.arg(0))
    info = x.data or DataInfo()
    if scaler.kind == "minmax":
        return data_tensor(value_range="0..1", is_image=info.is_image)
    if scaler.kind == "scaler":
        return data_tensor(value_range="scaled", is_image=info.is_image)
    if scaler.kind == "onehot":
        return data_tensor(encoding="one_hot", n_classes=info.n_classes, value_range="0..1")
    if scaler.kind == "label_binarizer":
        if info.n_classes is not None and info.n_classes > 2:
            return data_tensor(encoding="one_hot", n_classes=info.n_classes, classes_node=info.classes_node,
                               value_range="0..1")
        return Tensor(data=DataInfo())
    if scaler.kind == "label_encoder":
        return data_tensor(encoding="integer", n_classes=info.n_classes, classes_node=info.classes_node)
    if scaler.kind == "multi_hot":
        return data_tensor(encoding="multi_hot", value_range="0..1")
    return UNKNOWN


# ------------------------------------------------------------------------------------ torchvision
_TV_SCALING = {"ToTensor": "scaled", "ConvertImageDtype": "scaled", "Normalize": "scaled",
               "PILToTensor": "uint8", "ToImage": "uint8", "ToImageTensor": "uint8", "Lambda": "unknown",
               "ToPILImage": "pil"}


@on_call("torchvision.transforms.*", *("torchvision.transforms." + n for n in _TV_SCALING))
def _tv_transform(ctx: CallCtx) -> Value:
    short = ctx.qualname.split(".")[-1]
    effect = _TV_SCALING.get(short, "none")
    if short == "ToDtype":
        effect = "scaled" if ctx.const(None, "scale", default=False) is True else "none"
    return Transform(effect=effect, node=ctx.node)


@on_call("torchvision.transforms.Compose", "torchvision.transforms.v2.Compose")
def _compose(ctx: CallCtx) -> Value:
    steps = ctx.arg(0, "transforms")
    if not isinstance(steps, Seq):
        return Transform(effect="unknown", node=ctx.node)
    state, origin = "pil", None
    for step in steps.items:
        effect = step.effect if isinstance(step, Transform) else "unknown"
        if effect == "uint8":
            state, origin = "uint8", step.node  # type: ignore[union-attr]
        elif effect in ("scaled", "unknown", "pil"):
            state, origin = effect, None
    return Transform(effect={"pil": "none"}.get(state, state), node=origin or ctx.node)


def apply_transform(transform: Value, image: Value) -> Value:
    if not isinstance(transform, Transform):
        return UNKNOWN if transform is not None else image
    if transform.effect == "uint8":
        return data_tensor(value_range="0..255", origin=transform.node, is_image=True)
    if transform.effect == "scaled":
        return data_tensor(value_range="scaled", is_image=True)
    if transform.effect == "none":
        return image
    return UNKNOWN


@on_method(Transform, "__call__")
def _call_transform(transform: Transform, name: str, ctx: CallCtx) -> Value:
    return apply_transform(transform, ctx.arg(0))


TV_DATASETS = {"MNIST": 10, "FashionMNIST": 10, "KMNIST": 10, "QMNIST": 10, "CIFAR10": 10, "CIFAR100": 100,
               "SVHN": 10, "STL10": 10, "ImageNet": 1000, "Flowers102": 102, "Food101": 101,
               "OxfordIIITPet": 37, "GTSRB": 43, "EuroSAT": 10, "Country211": 211, "DTD": 47,
               "FGVCAircraft": 100, "StanfordCars": 196, "Caltech101": 101, "Caltech256": 257}
_TRANSFORM_POS = {"ImageFolder": 1, "DatasetFolder": 2}


@on_call("torchvision.datasets.*", *("torchvision.datasets." + n for n in TV_DATASETS))
def _tv_dataset(ctx: CallCtx) -> Value:
    short = ctx.qualname.split(".")[-1]
    pos = _TRANSFORM_POS.get(short, 2)
    transform = ctx.arg(pos, "transform", default=Const(None))
    if isinstance(transform, Const) and transform.value is None:
        image: Value = UNKNOWN  # PIL images: no tensor reaches a model from here
    else:
        image = apply_transform(transform, data_tensor(value_range="0..255", origin=ctx.node, is_image=True))
    n = TV_DATASETS.get(short)
    labels: Value = data_tensor(encoding="integer", n_classes=n, classes_node=ctx.node if n else None)
    if ctx.has(None, "target_transform"):
        labels = UNKNOWN
    return DataSource(element=tuple_of(image, labels), node=ctx.node)


# ------------------------------------------------------------------------------------ loaders
def dataset_element(interp, ds: Value) -> Value:
    if isinstance(ds, DataSource):
        return ds.element
    if isinstance(ds, Instance):
        getitem = ds.cls.lookup("__getitem__")
        if isinstance(getitem, Function):
            return interp.call_function(getitem, [UNKNOWN], {}, self_value=ds)
        return UNKNOWN
    if isinstance(ds, Tensor):
        return ds
    return UNKNOWN


@on_call("torch.utils.data.DataLoader", "ignite.distributed.auto_dataloader", "ignite.distributed.auto.auto_dataloader")
def _dataloader(ctx: CallCtx) -> Value:
    ds = ctx.arg(0, "dataset")
    batch_size = int_const(ctx.arg(1, "batch_size"))
    if batch_size and batch_size > 0:  # what `lossguard probe` mirrors
        ctx.interp.events.setup.append(SetupEvent("torch", ctx.node, batch_size=batch_size))
    if ctx.has(None, "collate_fn"):
        return DataSource(element=UNKNOWN, node=ctx.node, kind="loader")
    element = dataset_element(ctx.interp, ds)
    if isinstance(ds, Instance) and not (ctx.has(1, "batch_size") and ctx.const(1, "batch_size") is None):
        element = _batched(element)  # __getitem__ gives one sample: the loader stacks a batch axis on it
    return DataSource(element=element, node=ctx.node, kind="loader")


def _batched(value: Value) -> Value:
    if isinstance(value, Tensor):
        rank = rank_of(value)
        return with_rank(value, rank + 1) if rank is not None else value
    if isinstance(value, Seq):
        return Seq([_batched(item) for item in value.items], value.kind)
    if isinstance(value, DictVal) and not getattr(value, "default", None):
        return DictVal({key: _batched(item) for key, item in value.items.items()})
    return value


@on_call("torch.utils.data.TensorDataset")
def _tensor_dataset(ctx: CallCtx) -> Value:
    if ctx.star_args:
        return DataSource(element=UNKNOWN, node=ctx.node)
    return DataSource(element=Seq(list(ctx.args), "tuple"), node=ctx.node)


@on_call("torch.utils.data.random_split")
def _random_split(ctx: CallCtx) -> Value:
    ds = ctx.arg(0, "dataset")
    seq = Seq([ds], "list")
    seq.repeat = True  # type: ignore[attr-defined]
    return seq


@on_call("torch.utils.data.Subset")
def _subset(ctx: CallCtx) -> Value:
    return ctx.arg(0, "dataset")


@on_call("tensorflow.data.Dataset.from_tensor_slices", "tensorflow.data.Dataset.from_tensors")
def _from_tensor_slices(ctx: CallCtx) -> Value:
    element = ctx.arg(0, "tensors")
    if isinstance(element, Seq):
        element = Seq(list(element.items), "tuple")
    elif not isinstance(element, Tensor):
        element = UNKNOWN
    return DataSource(element=element, node=ctx.node, kind="tf.data")


@on_call("tensorflow.data.Dataset.zip")
def _tf_zip(ctx: CallCtx) -> Value:
    arg = ctx.arg(0, "datasets")
    if isinstance(arg, Seq) and all(isinstance(d, DataSource) for d in arg.items):
        return DataSource(element=Seq([d.element for d in arg.items], "tuple"), node=ctx.node)  # type: ignore[union-attr]
    return DataSource(element=UNKNOWN, node=ctx.node)


TFDS_CLASSES = {"mnist": 10, "fashion_mnist": 10, "cifar10": 10, "cifar100": 100, "tf_flowers": 5,
                "cats_vs_dogs": 2, "beans": 3, "rock_paper_scissors": 3, "food101": 101, "oxford_flowers102": 102,
                "imagenette": 10, "svhn_cropped": 10, "emnist": 62, "kmnist": 10, "stanford_dogs": 120,
                "caltech101": 102, "eurosat": 10, "horses_or_humans": 2, "oxford_iiit_pet": 37}


@on_call("tensorflow_datasets.load")
def _tfds_load(ctx: CallCtx) -> Value:
    """tfds.load(name, split=..., as_supervised=..., with_info=...): images are uint8 0..255."""
    name = ctx.const(0, "name")
    n = TFDS_CLASSES.get(name) if isinstance(name, str) else None
    image = data_tensor(value_range="0..255", origin=ctx.node, is_image=True) if isinstance(name, str) and name in TFDS_CLASSES else Tensor()
    label = data_tensor(encoding="integer", n_classes=n, classes_node=ctx.node if n else None)
    if ctx.const(None, "as_supervised", default=False) is True:
        element: Value = tuple_of(image, label)
    else:
        element = DictVal({"image": image, "label": label})
    dataset: Value = DataSource(element=element, node=ctx.node, kind="tf.data")
    split = ctx.arg(None, "split")
    if isinstance(split, Seq):
        dataset = Seq([dataset] * len(split.items), "list")
    elif ctx.has(None, "split") and not isinstance(split, Const):
        dataset = UNKNOWN
    elif not ctx.has(None, "split") and not ctx.has(1, "split"):
        dataset = DictVal({"train": dataset, "test": dataset})
    if ctx.const(None, "with_info", default=False) is True:
        return tuple_of(dataset, UNKNOWN)
    return dataset


_LABEL_MODES = {"int": ("integer", None), "categorical": ("one_hot", "0..1"), "binary": ("binary", "0..1")}


@on_call("keras.utils.image_dataset_from_directory", "keras.preprocessing.image_dataset_from_directory",
         "keras.preprocessing.image.image_dataset_from_directory")
def _image_dataset(ctx: CallCtx) -> Value:
    images = data_tensor(value_range="0..255", origin=ctx.node, is_image=True)
    mode = ctx.const(None, "label_mode", default="int")
    if mode in _LABEL_MODES:
        encoding, value_range = _LABEL_MODES[mode]
        labels: Value = data_tensor(encoding=encoding, value_range=value_range,
                                    **_two_classes(mode, ctx.arg_node(None, "label_mode")))
    else:
        labels = UNKNOWN
    if mode is None or ctx.const(None, "labels", default="inferred") is None:
        return DataSource(element=images, node=ctx.node, kind="tf.data")
    return DataSource(element=tuple_of(images, labels), node=ctx.node, kind="tf.data")


@dataclass(eq=False)
class ImageGenerator(Value):
    scales: Optional[bool]  # True: rescale / preprocessing given; False: raw; None: unknown
    node: Optional[cst.CSTNode]


_SCALING_KWARGS = ("rescale", "preprocessing_function", "featurewise_center", "samplewise_center",
                   "featurewise_std_normalization", "samplewise_std_normalization", "zca_whitening")


@on_call("keras.preprocessing.image.ImageDataGenerator", "keras.utils.ImageDataGenerator")
def _image_data_generator(ctx: CallCtx) -> Value:
    if ctx.star_args:
        return ImageGenerator(None, ctx.node)
    scales = any(k in ctx.kwargs and not (isinstance(ctx.kwargs[k], Const) and ctx.kwargs[k].value in (None, False))
                 for k in _SCALING_KWARGS)
    return ImageGenerator(scales or bool(ctx.args), ctx.node)


def _two_classes(mode: object, node: Optional[cst.CSTNode]) -> dict:
    """class_mode="binary" / label_mode="binary": the folders hold exactly two classes (labels 0/1)."""
    return {"n_classes": 2, "classes_node": node} if mode == "binary" else {}


_CLASS_MODES = {"categorical": ("one_hot", "0..1"), "binary": ("binary", "0..1"), "sparse": ("integer", None)}


@on_method(ImageGenerator, "*")
def _image_gen_method(gen: ImageGenerator, name: str, ctx: CallCtx) -> Value:
    if name == "fit":
        return Const(None)
    if name not in ("flow", "flow_from_directory", "flow_from_dataframe"):
        return UNKNOWN
    if name == "flow":
        x = as_tensor(ctx.arg(0, "x"))
        if gen.scales is False:
            images: Value = x
        else:
            images = data_tensor(value_range="scaled", is_image=True)
        labels = ctx.arg(1, "y")
        return DataSource(element=tuple_of(images, labels) if ctx.has(1, "y") else images, node=ctx.node)
    if gen.scales is False:
        images = data_tensor(value_range="0..255", origin=ctx.node, is_image=True)
    else:
        images = data_tensor(value_range="scaled", is_image=True)
    mode = ctx.const(None, "class_mode", default="categorical")
    if mode == "input":
        return DataSource(element=tuple_of(images, images), node=ctx.node)
    if mode in _CLASS_MODES:
        encoding, value_range = _CLASS_MODES[mode]
        labels = data_tensor(encoding=encoding, value_range=value_range,
                             **_two_classes(mode, ctx.arg_node(None, "class_mode")))
        return DataSource(element=tuple_of(images, labels), node=ctx.node)
    return DataSource(element=tuple_of(images, UNKNOWN), node=ctx.node)


@on_method(DataSource, "*")
def _datasource_method(ds: DataSource, name: str, ctx: CallCtx) -> Value:
    if name in ("batch", "shuffle", "prefetch", "cache", "repeat", "take", "skip", "unbatch", "with_options",
                "filter", "padded_batch", "__iter__", "as_numpy_iterator"):
        return ds
    if name == "map":
        fn = ctx.arg(0, "map_func")
        element = ds.element
        if isinstance(fn, Function):
            args = list(element.items) if isinstance(element, Seq) else [element]
            result = ctx.interp.call_function(fn, args, {})
            return DataSource(element=result, node=ds.node, kind=ds.kind)
        if isinstance(fn, Transform):
            return DataSource(element=apply_transform(fn, element), node=ds.node, kind=ds.kind)
        return DataSource(element=UNKNOWN, node=ds.node, kind=ds.kind)
    return UNKNOWN


@on_method(DataSource, "__iter_element__")
def _datasource_element(ds: DataSource, name: str, ctx: CallCtx) -> Value:
    return ds.element


@on_method(DataSource, "__attr__")
def _datasource_attr(ds: DataSource, name: str, ctx: CallCtx) -> Optional[Value]:
    if name in ("dataset",):
        return ds
    if name in ("classes", "class_names", "targets", "data"):
        return UNKNOWN
    return None


@on_method(Instance, "__iter_element__")
def _instance_iter(inst: Instance, name: str, ctx: CallCtx) -> Value:
    if inst.cls.kind == "torch_dataset" or inst.cls.lookup("__getitem__") is not None:
        return dataset_element(ctx.interp, inst)
    return UNKNOWN
