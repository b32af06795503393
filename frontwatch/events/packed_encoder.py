"""A BERT sentence encoder run on packed sentences: no padding (issue 15).

sentence-transformers pads every sentence of a batch to the longest one. On the sentences the
pipeline encodes (about ten an article, 5 to 60 word pieces), padding nearly doubles the tokens the
linear layers multiply: 114,561 rows for 62,187 real ones over 200 articles of
``bench/throughput.py``'s corpus. Here the sentences are laid end to end as one sequence. Every
linear layer, layer norm and activation works token by token, so it runs on the real tokens alone.
Attention is the one step that mixes tokens, and it is computed sentence by sentence. Position ids
restart at each sentence, and each sentence is mean-pooled over its own tokens.

The result is the model's own sentence vector, computed with less work: over those 1,931
sentences, the cosine to sentence-transformers' vectors is at least 0.99996 in bfloat16, at 0.57-0.60
of the CPU (bench/RESULTS.md, ninth session). The shortcut only applies to a model that is exactly
BERT with absolute positions, mean pooling and normalisation; any other model goes through
``SentenceTransformer.encode`` unchanged.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

# Sentences per packed sequence. Each sentence costs the same however many share its sequence; this
# only bounds the memory of one call (64 sentences of up to 256 word pieces).
_PACK = 64


def packable(model: Any) -> bool:
    """Whether ``model`` (a SentenceTransformer) is BERT + mean pooling + normalisation, nothing else."""
    try:
        from sentence_transformers.models import Normalize, Pooling, Transformer
        from transformers import BertModel
    except ImportError:  # pragma: no cover - the encoder's own dependencies
        return False
    modules = list(model)
    if [type(m) for m in modules] != [Transformer, Pooling, Normalize]:
        return False
    pooling = modules[1].get_config_dict()
    bert = modules[0].auto_model
    return (
        pooling.get("pooling_mode") == "mean"
        and type(bert) is BertModel
        and getattr(bert.config, "position_embedding_type", "absolute") == "absolute"
        and not bert.config.is_decoder
    )


def encode_packed(model: Any, texts: Sequence[str]) -> Any:
    """Mean-pooled float32 vectors (not normalised) of ``texts``, one row each, as a torch tensor."""
    import torch

    if not texts:
        return torch.zeros((0, model[0].auto_model.config.hidden_size))
    rows = [_encode_pack(model, texts[i : i + _PACK]) for i in range(0, len(texts), _PACK)]
    return torch.cat(rows) if len(rows) > 1 else rows[0]


def _encode_pack(model: Any, texts: Sequence[str]) -> Any:
    import torch

    bert = model[0].auto_model
    ids = model.tokenizer(list(texts), truncation=True, max_length=model.max_seq_length)["input_ids"]
    lengths = [len(x) for x in ids]
    bounds = list(itertools.accumulate(lengths, initial=0))
    spans = list(itertools.pairwise(bounds))
    flat = torch.tensor([[i for x in ids for i in x]])
    positions = torch.cat([torch.arange(n) for n in lengths]).unsqueeze(0)
    owner = torch.repeat_interleave(torch.arange(len(lengths)), torch.tensor(lengths))
    with torch.inference_mode():
        hidden = bert.embeddings(input_ids=flat, position_ids=positions, token_type_ids=torch.zeros_like(flat))
        for layer in bert.encoder.layer:
            hidden = _layer(layer, hidden, spans)
        sums = torch.zeros(len(lengths), hidden.shape[-1]).index_add_(0, owner, hidden[0].float())
        return sums / torch.tensor(lengths, dtype=torch.float32).unsqueeze(1)


def _layer(layer: Any, hidden: Any, spans: list[tuple[int, int]]) -> Any:
    """One BERT layer (eval mode: no dropout) over the packed sequence, attention per sentence."""
    attention = layer.attention
    x = hidden[0]
    q, k, v = attention.self.query(x), attention.self.key(x), attention.self.value(x)
    context = attend_per_sentence(q, k, v, attention.self.num_attention_heads, spans).unsqueeze(0)
    attended = attention.output.LayerNorm(attention.output.dense(context) + hidden)
    return layer.output.LayerNorm(layer.output.dense(layer.intermediate(attended)) + attended)


def attend_per_sentence(q: Any, k: Any, v: Any, heads: int, spans: Sequence[tuple[int, int]]) -> Any:
    """Multi-head attention over packed tokens ((tokens, width) each), every sentence ``spans[i]``
    attending to itself only; scaled by 1/sqrt(head size), BERT's scaling."""
    import torch
    from torch.nn.functional import scaled_dot_product_attention

    total, width = q.shape

    def split(x: Any) -> Any:  # (tokens, width) -> (1, heads, tokens, head size): 4-D takes torch's fused kernel
        return x.view(1, total, heads, width // heads).transpose(1, 2)

    q, k, v = split(q), split(k), split(v)
    parts = [scaled_dot_product_attention(q[:, :, a:b], k[:, :, a:b], v[:, :, a:b]) for a, b in spans]
    return torch.cat(parts, dim=2).transpose(1, 2).reshape(total, width)
