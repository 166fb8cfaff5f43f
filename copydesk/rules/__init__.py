"""The compliance rule engine: normalization, rule packs, per-category checks."""
