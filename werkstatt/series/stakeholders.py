"""The stakeholder groups the invitation addresses; asked at registration and, optionally, per contribution."""

STAKEHOLDER_GROUPS = (
    "Wirtschaft",
    "Politik",
    "Verwaltung",
    "Wissenschaft",
    "Wirtschaftsförderung",
    "Zivilgesellschaft",
    "Sonstige",
)
