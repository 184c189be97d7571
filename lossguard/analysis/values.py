"""Abstract values the interpreter computes for expressions.

Everything not understood is `UNKNOWN`, and unknown never fires a rule: precision first.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Optional

import libcst as cst


class Value:
    __slots__ = ()


class _Unknown(Value):
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


class SomeInt(Value):
    """An int whose value is not known (len(x), x.size(0)): enough to know torch.zeros(n) is 1-D."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "SOME_INT"


SOME_INT = SomeInt()


@dataclass(eq=False)
class Const(Value):
    value: Any


@dataclass(eq=False)
class Ref(Value):
    """A reference to an imported module, class or function, by (raw) qualified name."""

    qualname: str


@dataclass(eq=False)
class Seq(Value):
    items: list[Value]
    kind: str = "list"  # list | tuple


@dataclass(eq=False)
class DictVal(Value):
    items: dict[Any, Value]


@dataclass(eq=False)
class Function(Value):
    node: Any  # cst.FunctionDef | cst.Lambda
    scope: Any  # defining Scope
    defaults: dict[str, Value]
    owner: Optional["ClassVal"] = None
    no_grad: bool = False
    is_property: bool = False
    is_static: bool = False
    name: str = "<lambda>"
    stmt: Any = None  # the statement that contains the definition (for positions of lambda bodies)
    module: Any = None  # the ModuleVal it was defined in (its globals, its file)
    user_decorators: list = field(default_factory=list)  # the program's own decorators, outermost first


@dataclass(eq=False)
class ClassVal(Value):
    node: cst.ClassDef
    name: str
    bases: list[Value]
    namespace: dict[str, Value]
    kind: Optional[str] = None  # torch_module | keras_model | keras_layer | torch_dataset | lightning | None
    fields: Optional[list[str]] = None  # a @dataclass / NamedTuple: the generated __init__'s parameters
    module: Any = None  # the ModuleVal it was defined in

    def mro(self) -> list["ClassVal"]:
        """Self, then the bases' MROs in order (first occurrence wins). Computed once per class (its
        bases never change after the class statement) and without recursion: a 1,000-deep
        hierarchy costs linear time per class, not a recomputation on every attribute lookup."""
        cached = self.__dict__.get("_mro")
        if cached is not None:
            return cached
        pending: list[ClassVal] = [self]
        while pending:
            cls = pending[-1]
            if "_mro" in cls.__dict__:
                pending.pop()
                continue
            todo = [b for b in cls.bases if isinstance(b, ClassVal) and "_mro" not in b.__dict__ and b not in pending]
            if todo:
                pending.extend(todo)
                continue
            parents = [b for b in cls.bases if isinstance(b, ClassVal)]
            if len(parents) == 1 and "_mro" in parents[0].__dict__ and cls not in parents[0].__dict__["_mro"]:
                out: list[ClassVal] = [cls, *parents[0].__dict__["_mro"]]  # single inheritance: one copy, in C
            else:
                out = [cls]
                seen = {id(cls)}
                for base in parents:
                    for c in base.__dict__.get("_mro", (base,)):  # a base on a cycle counts once, alone
                        if id(c) not in seen:
                            seen.add(id(c))
                            out.append(c)
            cls.__dict__["_mro"] = out
            pending.pop()
        return self.__dict__["_mro"]

    def lookup(self, name: str) -> Optional[Value]:
        for cls in self.mro():
            if name in cls.namespace:
                return cls.namespace[name]
        return None


@dataclass(eq=False)
class ModuleVal(Value):
    """A module of the checked project as a value (`import config`, `from models import net`): its
    globals, once its body has run. The program's entry file is one too (`is_main`)."""

    file: Any  # lossguard.project.resolve.ModuleFile (None for the entry when imports are not followed)
    scope: Any  # its global Scope
    is_main: bool = False
    source: Any = None  # the LocalModule it was read from (None for the entry and namespace packages)


@dataclass(eq=False)
class LazyName(Value):
    """`from models.net import Net`: the name is bound at the import and resolved (the module's body
    run) when it is first used, so a program pays only for the project modules it really uses."""

    file: Any  # lossguard.project.resolve.ModuleFile
    name: str


@dataclass(eq=False)
class Instance(Value):
    cls: ClassVal
    attrs: dict[str, Value] = field(default_factory=dict)
    # the program's class extends a library class (keras.Model built from (inputs, outputs), a skorch
    # estimator): what the library constructor made, for what the class itself does not define
    library: Optional[Value] = None


@dataclass(eq=False)
class BoundMethod(Value):
    self_value: Value
    func: Function


@dataclass(eq=False)
class SuperProxy(Value):
    self_value: Value
    cls: ClassVal


@dataclass(eq=False)
class Partial(Value):
    """functools.partial(func, *args, **kwargs)."""

    func: Value
    args: list[Value]
    kwargs: dict[str, Value]


@dataclass(eq=False)
class MethodRef(Value):
    """`obj.name` where obj is a library value (tensor, model, list...) — resolved on call."""

    obj: Value
    name: str
    node: Optional[cst.CSTNode] = None


# ---------------------------------------------------------------------------------------------
# Model-side facts carried by tensors

SYMBOLIC = "symbolic-input"  # marks "the model's input" for Keras graphs built on Input()


@dataclass(frozen=True)
class SymbolicInput:
    """SYMBOLIC for one `Input()` of a Keras graph: a model with several inputs is fitted on a list
    (or tuple) of arrays in the order of its `inputs`, and only the one fed to this Input matters."""

    node: cst.CSTNode


def is_symbolic(raw: object) -> bool:
    return raw is SYMBOLIC or isinstance(raw, SymbolicInput)


@dataclass(frozen=True)
class Head:
    """What the last operation of a model output was (framework-neutral)."""

    activation: str  # softmax|sigmoid|log_softmax|linear|relu|tanh|elu|other|unknown
    units: Optional[int]
    framework: str  # keras | torch | tf
    act_node: Optional[cst.CSTNode] = None  # where the activation is written
    layer_node: Optional[cst.CSTNode] = None  # the output layer (Dense / Linear / Conv)
    dim: Optional[int] = None  # axis of a softmax / log_softmax as written
    dim_given: bool = False
    layer_kind: Optional[str] = None  # dense | conv | rnn | other: where the units axis is
    act_value_node: Optional[cst.CSTNode] = None  # e.g. the "softmax" string of activation=
    act_call: Optional[cst.CSTNode] = None  # an activation call wrapping the output (F.softmax(x))
    act_input: Optional[cst.CSTNode] = None  # the expression the activation call wraps
    act_form: Optional[str] = None  # function (F.softmax(x)) | method (x.softmax()) | module (self.sm(x)) | layer
    rank: Optional[int] = None  # number of dimensions of this output tensor, when known
    act_rank: Optional[int] = None  # number of dimensions of the tensor the activation was applied to
    reshaped: bool = False  # reshaped after the layer / activation to a width we do not know (view(1, -1))
    name: Optional[str] = None  # the output layer's name= (Keras pairs multi-output losses by it)


@dataclass(frozen=True)
class DataInfo:
    """What is known about a data array / tensor (inputs or labels)."""

    value_range: Optional[str] = None  # "0..255" | "0..1" | "scaled" | None (unknown)
    origin: Optional[cst.CSTNode] = None  # where raw 0..255 data came from
    is_image: bool = False
    encoding: Optional[str] = None  # one_hot | integer | binary | multi_hot | continuous
    n_classes: Optional[int] = None
    classes_node: Optional[cst.CSTNode] = None
    target_range: Optional[tuple[float, float]] = None  # regression targets
    target_name: Optional[str] = None  # e.g. "boston_housing prices"
    rank: Optional[int] = None  # number of dimensions, when known (torch.randn(8, 10, 5) → 3)
    empty: bool = False  # no elements (`torch.tensor([])`): the start of an accumulation


@dataclass(eq=False)
class Tensor(Value):
    head: Optional[Head] = None
    data: Optional[DataInfo] = None
    raw_path: Any = None  # SYMBOLIC or the node where raw 0..255 input entered a parametric layer
    unscaled_input: bool = False  # still the model's untouched input (Keras symbolic graphs)
    input_of: Optional[cst.CSTNode] = None  # the Keras Input() call this symbolic input is
    training: bool = True
    model: Optional[Value] = None  # the model whose output this is
    source_input: Optional[Value] = None  # the data tensor a model was applied to (autoencoders)
    loss_of: tuple = ()  # the loss calls (LossEvent) this value is computed from (the training path)

    def with_(self, **changes: Any) -> "Tensor":
        return replace(self, **changes)


@dataclass(eq=False)
class Layer(Value):
    """A library layer / module object (Keras layer or torch nn module)."""

    framework: str
    kind: str  # dense|conv|rnn|activation|transparent|reshape|scale|embedding|unknown|...
    qualname: str
    node: Optional[cst.CSTNode]
    units: Optional[int] = None
    activation: Optional[str] = None  # for dense/conv/activation layers
    act_node: Optional[cst.CSTNode] = None
    dim: Optional[int] = None
    dim_given: bool = False
    inner: Optional[Value] = None  # TimeDistributed(Dense(...))
    attrs: dict[str, Value] = field(default_factory=dict)
    out_rank: Optional[int] = None  # rank of the output when the layer fixes it (Flatten → 2)


@dataclass(eq=False)
class SequentialModel(Value):
    framework: str  # keras | torch
    layers: list[Value]
    node: Optional[cst.CSTNode]
    attrs: dict[str, Value] = field(default_factory=dict)


@dataclass(eq=False)
class FunctionalModel(Value):
    """keras.Model(inputs, outputs)."""

    output: Value
    node: Optional[cst.CSTNode]
    attrs: dict[str, Value] = field(default_factory=dict)
    input_nodes: tuple = ()  # the Input() calls of `inputs`, in order (fit's list of arrays follows it)


@dataclass(eq=False)
class PretrainedModel(Value):
    """torchvision / keras.applications models; user code may replace their head attribute."""

    framework: str
    qualname: str
    node: Optional[cst.CSTNode]
    head: Optional[Head] = None  # what the model outputs as shipped (if known)
    attrs: dict[str, Value] = field(default_factory=dict)


HEAD_ATTRS = ("fc", "classifier", "head", "heads", "top")  # where pretrained models keep their head


class HeadSlot(dict):
    """`attrs` of a pretrained model's head submodule (`model.classifier`, `model.heads`): writing
    into it (`model.heads.head = ...`) replaces the model's head."""

    def __init__(self, model: "PretrainedModel", name: str):
        super().__init__()
        self.model = model
        self.name = name

    def __setitem__(self, key: str, value: "Value") -> None:
        self.model.attrs[self.name] = value


@dataclass(eq=False)
class SubmoduleRef(Value):
    """A head submodule of a pretrained model, read through `model.classifier` before replacement."""

    model: "PretrainedModel"
    name: str
    attrs: HeadSlot = field(init=False)

    def __post_init__(self) -> None:
        self.attrs = HeadSlot(self.model, self.name)


@dataclass(eq=False)
class LossFn(Value):
    """A loss: Keras string/class/instance/function, torch criterion or functional, raw tf op."""

    name: str
    family: str  # binary|categorical|sparse_categorical|nll|regression|other
    expects: str  # probabilities|logits|log_probabilities|values|unknown
    framework: str  # keras|torch|tf
    node: Optional[cst.CSTNode]
    target_format: str = "any"  # one_hot|integer|binary|index_or_prob|values|any
    arg_order: str = "pred_true"  # torch: (input, target); keras objects: (y_true, y_pred)
    from_logits_node: Optional[cst.CSTNode] = None
    callable_kind: str = "object"  # object | function | string | class


@dataclass(eq=False)
class Transform(Value):
    """torchvision transforms (Compose or single): what they do to pixel ranges."""

    effect: str  # "uint8" (PIL→0..255 tensor) | "scaled" | "unknown" | "none"
    node: Optional[cst.CSTNode]


@dataclass(eq=False)
class DataSource(Value):
    """A dataset / loader / tf.data pipeline: what one element (batch) holds."""

    element: Value
    node: Optional[cst.CSTNode] = None
    kind: str = "dataset"


@dataclass(eq=False)
class Scaler(Value):
    """sklearn scalers / encoders and keras Normalization adapters."""

    kind: str  # scaler | minmax | onehot | label_binarizer | label_encoder
    node: Optional[cst.CSTNode] = None
