"""One module per category; ALL_CHECKS runs them in the order a reviewer reads a report."""

from copydesk.rules.checks import audience, binding, dates, disclosure, fair_lending, figure_roles, grounding, guarantee, length, pii, pressure, superlative

ALL_CHECKS = (
    guarantee.run,
    superlative.run,
    disclosure.run,
    grounding.run,
    binding.run,
    figure_roles.run,
    dates.run,
    pressure.run,
    fair_lending.run,
    audience.run,
    pii.run,
    length.run,
)
