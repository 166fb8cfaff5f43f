"""The number format the lean decoder multiplies its weights in.

The decoder reads every weight once per generated token, so its speed is bound by how fast
the CPU can multiply them. Where the CPU multiplies bfloat16 natively (AVX512-BF16 or AMX,
as on recent Xeons and Core Ultra parts), the weights are kept in bfloat16: half the memory
and, measured on the 2-core dev VM, 4x faster matrix products at batch 4 and 2.6x faster
prefill (bench/README.md, "bfloat16 weights"). Elsewhere bfloat16 is emulated and slower, so
they stay fp32. The weights came from a 4-bit GGUF, so bfloat16 loses nothing the model had;
activations, attention and the KV cache stay fp32. Each matrix is cast as it is read, and an
adapter is merged into the cast weights.

The choice changes the sampled drafts slightly, so it is recorded with every draft, and
COPYDESK_PRECISION=fp32 (or bf16) makes a PC decode as another one did.
"""

from __future__ import annotations

import os

ENV = "COPYDESK_PRECISION"
CHOICES = ("fp32", "bf16")


def decode_precision() -> str:
    """'bf16' where this CPU multiplies bfloat16 natively, else 'fp32' (COPYDESK_PRECISION wins)."""
    forced = os.environ.get(ENV, "").strip().lower()
    if forced in CHOICES:
        return forced
    return "bf16" if native_bfloat16() else "fp32"


def native_bfloat16() -> bool:
    import torch

    probes = [getattr(torch.cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")]
    try:
        return any(probe() for probe in probes if probe is not None)
    except RuntimeError:
        return False
