"""A faster copy of the embedding model: int8 weights run through integer matrix kernels.

The packaged model stores its weights as int8 but turns them back into float32 and multiplies in
float32, so it runs at float speed. Dynamic quantisation (per output channel, int8 weights,
activations quantised on the fly) roughly halves the time per answer on a CPU with AVX2/AVX-512
while keeping embeddings within about 0.01 cosine of the original.

The derived model is built once per machine (about three seconds) and kept in the model cache,
keyed by the source file's digest and the onnx/onnxruntime versions, so a new release of either
rebuilds it. It is written to a temporary file and renamed into place, so concurrent processes
(test workers, several app processes) never read half a file. When the build is not possible (the
``onnx`` package is missing, or quantisation fails) the original model is used and a warning is
logged once: grading stays correct, only slower.

Settings (environment): ``BACKPREP_MODEL_CACHE`` (the folder; default ``$XDG_CACHE_HOME/backprep``
or ``~/.cache/backprep``) and ``BACKPREP_ONNX_QUANTIZE=0`` to use the packaged model as it is.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

RECIPE = "dyn-int8-per-channel-v1"


def cache_dir() -> Path:
    explicit = os.environ.get("BACKPREP_MODEL_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "backprep"


def enabled() -> bool:
    return os.environ.get("BACKPREP_ONNX_QUANTIZE", "1").strip().lower() not in {"0", "false", "no"}


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def cached_path(source: Path) -> Path:
    import onnx
    import onnxruntime

    key = hashlib.sha256(
        f"{_digest(source)}|{onnx.__version__}|{onnxruntime.__version__}|{RECIPE}".encode()
    ).hexdigest()[:24]
    return cache_dir() / f"minilm-{key}.onnx"


def build(source: Path, target: Path) -> None:
    """Fold the weight arithmetic into constants, then quantise the matrix products."""
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".build-") as work:
        folded = Path(work) / "folded.onnx"
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
        built = Path(work) / "quantized.onnx"
        quantize_dynamic(folded, built, weight_type=QuantType.QInt8, per_channel=True)
        os.replace(built, target)


def fast_model(source: Path) -> Path:
    """The quantised model for ``source`` (built on first use), or ``source`` itself when
    quantisation is off or cannot be done here."""
    if not enabled():
        return source
    try:
        target = cached_path(source)
        if not target.is_file():
            logger.info("building the quantised embedding model in %s", target.parent)
            build(source, target)
        return target
    except Exception as exc:  # any failure falls back to the packaged model
        logger.warning("using the packaged embedding model unquantised (slower): %s", exc)
        return source
