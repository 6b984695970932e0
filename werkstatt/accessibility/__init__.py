"""Accessibility (BITV 2.0 / WCAG 2.1 AA): the statement's facts and its feedback contact."""
