"""The number format the lean decoder multiplies its weights in.

The decoder reads every weight once per generated token, so its speed is bound by how fast
the CPU can read and multiply them. Three formats:

- "int8" (where the CPU has AVX512): the matrices in bfloat16 for the prompt, plus an int8 copy
  with one scale per output row for decoding's few rows (llama_runtime.Int8Rows), a quarter of
  fp32's bytes per token. Measured on the 2-core AVX512-BF16 VM without AMX (bench/README.md,
  "int8 decoding"): a 4-row step 32 ms against 55 (bf16) and 54 (fp32), four SMS drafts 2.33 s
  against 3.15 and 3.94, an email 4.94 s against 8.19 and 9.06; the same next token as fp32 at
  94% of positions (bf16: 97.5%), mean KL 0.002 nats. The adapter is merged before the int8
  copy is made.
- "bf16" where the CPU multiplies bfloat16 natively but lacks AVX512's int8 kernels: half the
  memory, and on an AMX Xeon 2.1x faster than fp32 (session 10).
- "fp32" elsewhere.

The weights came from a 4-bit GGUF, so bfloat16 loses nothing the model had; activations,
attention and the KV cache stay fp32. Each matrix is cast as it is read.

The choice changes the sampled drafts slightly, so it is recorded with every draft, and
COPYDESK_PRECISION=fp32 (or bf16, int8) makes a PC decode as another one did.
"""

from __future__ import annotations

import os

ENV = "COPYDESK_PRECISION"
CHOICES = ("fp32", "bf16", "int8")


def decode_precision() -> str:
    """'int8' where this CPU has AVX512, else 'bf16' where it multiplies bfloat16 natively, else
    'fp32' (COPYDESK_PRECISION wins)."""
    forced = os.environ.get(ENV, "").strip().lower()
    if forced in CHOICES:
        return forced
    if int8_kernels():
        return "int8"
    return "bf16" if native_bfloat16() else "fp32"


def int8_kernels() -> bool:
    """Whether torch runs this CPU's AVX512 kernels (int8 decoding was measured there only)."""
    import torch

    try:
        return torch.backends.cpu.get_cpu_capability().startswith("AVX512")
    except (AttributeError, RuntimeError):
        return False


def native_bfloat16() -> bool:
    import torch

    probes = [getattr(torch.cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")]
    try:
        return any(probe() for probe in probes if probe is not None)
    except RuntimeError:
        return False
