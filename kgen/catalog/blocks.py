"""The blocks of a model, the poolings kgen places between them, and their automatic parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kgen.catalog.base import Param, by_name


@dataclass(frozen=True)
class AutoParam:
    """A block parameter kgen sets from the blocks after it (or before it), never asked.

    Args:
        name: The keyword of the block function.
        blocks: It is true when a later block is one of these (false otherwise, or the
            reverse with `unless`).
        unless: True when no such block is one of `blocks`.
        earlier: Look at the blocks before it instead of those after it.
        layers: Ready-made custom layers (`PARTS["layer"]`) the function uses only where the
            parameter is true. When it is true in no block of this name, the function takes no
            such parameter and the project gets none of these layers.
    """

    name: str
    blocks: frozenset[str]
    unless: bool = False
    earlier: bool = False
    layers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """A reusable architecture block, emitted as one function in `blocks.py`.

    Args:
        inputs: The input kinds whose models may use it.
        reads: The shape it takes (`SHAPES`).
        gives: The shape it hands on; the one it reads when empty. A block with the automatic
            parameter `return_sequences` hands on sequences when it is set.
        auto: Parameters set from the blocks after it (or before it).
        from_config: Function keyword -> the `ModelConfig` field it takes (`max_tokens`).
        layers: Ready-made custom layers (`PARTS["layer"]`) its function uses; `blocks.py`
            imports them and the project gets each with its test.
    """

    name: str
    help: str
    function: str
    inputs: frozenset[str]
    params: tuple[Param, ...] = ()
    reads: str = "maps"
    gives: str = ""
    auto: tuple[AutoParam, ...] = ()
    from_config: Mapping[str, str] = field(default_factory=dict)
    layers: tuple[str, ...] = ()

    @property
    def output(self) -> str:
        """The shape it hands on (with `return_sequences` unset)."""
        return self.gives or self.reads

    def gives_for(self, auto: Mapping[str, bool]) -> str:
        """The shape it hands on, given its automatic parameters."""
        return "sequences" if auto.get("return_sequences") else self.output


_IMAGE = frozenset({"image"})
_TEXT = frozenset({"text"})
_ANY_INPUT = frozenset({"image", "table", "text", "series"})
_SEQUENCES = frozenset({"text", "series"})

_PIXELS = frozenset({"pixels"})

BLOCKS: dict[str, Block] = by_name(
    Block(
        name="dense",
        help="Dense layer with ReLU and dropout (one MLP layer)",
        function="dense_block",
        inputs=_ANY_INPUT,
        params=(
            Param(name="units", kind="int", default=64, help="number of units", minimum=1),
            Param(name="dropout", kind="float", default=0.0, help="dropout rate after the activation", minimum=0.0),
        ),
        reads="vectors",
    ),
    Block(
        name="conv",
        help="Conv2D, batch norm and ReLU, then 2x2 max pooling",
        function="conv_block",
        inputs=_IMAGE,
        params=(
            Param(name="filters", kind="int", default=32, help="output channels", minimum=1),
            Param(name="kernel_size", kind="int", default=3, help="height and width of the kernel", minimum=1),
            Param(name="pool", kind="bool", default=True, help="halve height and width with max pooling"),
        ),
    ),
    Block(
        name="residual",
        help="ResNet basic block: two 3x3 convolutions plus a shortcut",
        function="residual_block",
        inputs=_IMAGE,
        params=(
            Param(name="filters", kind="int", default=64, help="output channels", minimum=1),
            Param(
                name="strides",
                kind="int",
                default=1,
                help="stride of the first convolution; 2 halves the size",
                minimum=1,
            ),
        ),
    ),
    Block(
        name="dense_block",
        help="DenseNet block: every layer sees the feature maps of all earlier ones",
        function="densenet_block",
        inputs=_IMAGE,
        params=(
            Param(name="num_layers", kind="int", default=4, help="number of BN-ReLU-Conv layers", minimum=1),
            Param(name="growth_rate", kind="int", default=12, help="channels each layer adds", minimum=1),
        ),
    ),
    Block(
        name="inception",
        help="Inception branches (1x1, 3x3, 5x5, pooling) merged into one tensor",
        function="inception_block",
        inputs=_IMAGE,
        params=(
            Param(name="filters", kind="int", default=16, help="output channels of each branch", minimum=1),
            Param(
                name="merge",
                kind="str",
                default="concatenate",
                help="how the branches are merged",
                choices=("concatenate", "add", "average", "maximum"),
            ),
        ),
    ),
    Block(
        name="embedding",
        help="Embedding: each token id -> a learned vector (the first block of a text model)",
        function="embedding_block",
        inputs=_TEXT,
        params=(Param(name="dim", kind="int", default=32, help="size of each token's vector", minimum=1),),
        reads="tokens",
        gives="sequences",
        auto=(AutoParam(name="positions", blocks=frozenset({"transformer"}), layers=("position_embedding",)),),
        from_config={"vocabulary_size": "max_tokens"},
    ),
    Block(
        name="conv1d",
        help="Conv1D and ReLU over the steps, then 2x max pooling; a text's padding stays masked",
        function="conv1d_block",
        inputs=_SEQUENCES,
        params=(
            Param(name="filters", kind="int", default=32, help="output features", minimum=1),
            Param(name="kernel_size", kind="int", default=5, help="steps (tokens, rows) each filter reads", minimum=1),
            Param(name="pool", kind="bool", default=True, help="halve the sequence with max pooling"),
        ),
        reads="sequences",
        layers=("masked_conv1d",),
    ),
    Block(
        name="recurrent",
        help="LSTM or GRU layer, optionally bidirectional; returns the sequence when a later block reads it",
        function="recurrent_block",
        inputs=_SEQUENCES,
        params=(
            Param(name="cell", kind="str", default="lstm", help="recurrent cell", choices=("lstm", "gru")),
            Param(name="units", kind="int", default=32, help="units of the cell", minimum=1),
            Param(name="bidirectional", kind="bool", default=False, help="read the sequence both ways"),
        ),
        reads="sequences",
        gives="vectors",
        auto=(AutoParam(name="return_sequences", blocks=frozenset({"conv1d", "recurrent", "transformer"})),),
    ),
    Block(
        name="transformer",
        help="Transformer encoder: multi-head self-attention and a feed-forward layer, residuals, layer norm",
        function="transformer_block",
        inputs=_SEQUENCES,
        params=(
            Param(name="heads", kind="int", default=2, help="attention heads", minimum=1),
            Param(name="dim", kind="int", default=32, help="size of each head's keys and queries", minimum=1),
            Param(name="ff_dim", kind="int", default=64, help="units of the feed-forward layer", minimum=1),
        ),
        reads="sequences",
        # The first one adds positions when no embedding did (a series): attention alone reads a set.
        auto=(
            AutoParam(
                name="positions",
                blocks=frozenset({"embedding", "transformer"}),
                unless=True,
                earlier=True,
                layers=("position_embedding",),
            ),
        ),
    ),
    Block(
        name="feature_conv",
        help="Conv2D and ReLU at the input's resolution: no batch norm, no pooling (restorations keep their scale)",
        function="feature_conv_block",
        inputs=_PIXELS,
        params=(
            Param(name="filters", kind="int", default=64, help="output channels", minimum=1),
            Param(name="kernel_size", kind="int", default=3, help="height and width of the kernel", minimum=1),
        ),
    ),
    Block(
        name="edsr",
        help="EDSR residual block: conv, ReLU, conv without batch norm, scaled by a learned factor, plus a shortcut",
        function="edsr_block",
        inputs=_PIXELS,
        params=(
            Param(name="filters", kind="int", default=64, help="output channels", minimum=1),
            Param(
                name="residual_scale",
                kind="float",
                default=0.1,
                help="starting value of the learned factor on the residual (small keeps deep stacks stable)",
                minimum=0.0,
            ),
        ),
        layers=("scale",),
    ),
    Block(
        name="unet",
        help="U-Net: an encoder-decoder whose skip connections carry each size's features across; any image size",
        function="unet_block",
        inputs=_PIXELS,
        params=(
            Param(
                name="filters",
                kind="int",
                default=16,
                help="channels at full size, doubled at each level down",
                minimum=1,
            ),
            Param(name="depth", kind="int", default=2, help="how many times the encoder halves the size", minimum=1),
            Param(
                name="merge",
                kind="str",
                default="concatenate",
                help="how a skip connection meets the decoder",
                choices=("concatenate", "add"),
            ),
        ),
        layers=("pad_to_multiple", "crop_like"),
    ),
)

# Not choices: `build_model` puts the pooling of a shape between the last block that gives
# it and the first that reads vectors (or before the head), so every model ends in vectors.
# Input kind -> shape -> its pooling: texts average over their unpadded steps, while a
# series keeps the order of its steps (flattened), which a forecast reads.
POOLINGS: dict[str, dict[str, Block]] = {
    "image": {
        "maps": Block(
            name="pool",
            help="Global average pooling: feature maps -> one vector per example",
            function="global_pool",
            inputs=_IMAGE,
            reads="maps",
            gives="vectors",
        ),
    },
    "text": {
        "sequences": Block(
            name="sequence_pool",
            help="Average over the unmasked steps: sequences -> one vector per example",
            function="sequence_pool",
            inputs=_TEXT,
            reads="sequences",
            gives="vectors",
            layers=("masked_average",),
        ),
    },
    "series": {
        "sequences": Block(
            name="flatten",
            help="Flatten: a window's steps -> one vector per example, in time order",
            function="flatten_steps",
            inputs=frozenset({"series"}),
            reads="sequences",
            gives="vectors",
        ),
    },
    "table": {},
    "pixels": {},  # an image in, an image out: nothing is pooled
}


def auto_params(names: list[str]) -> list[dict[str, bool]]:
    """The automatic parameters of each block of a model, the blocks named in order.

    A parameter with `layers` is left out of every block of a name where none sets it.
    """
    values = [
        {
            auto.name: any(other in auto.blocks for other in (names[:index] if auto.earlier else names[index + 1 :]))
            != auto.unless
            for auto in BLOCKS[name].auto
        }
        for index, name in enumerate(names)
    ]
    used = {(name, key) for name, params in zip(names, values, strict=True) for key, value in params.items() if value}
    optional = {(name, auto.name) for name in names for auto in BLOCKS[name].auto if auto.layers}
    return [
        {key: value for key, value in params.items() if (name, key) in used or (name, key) not in optional}
        for name, params in zip(names, values, strict=True)
    ]


def poolings() -> list[Block]:
    """Every pooling block, of every input kind."""
    return [pool for by_shape in POOLINGS.values() for pool in by_shape.values()]
