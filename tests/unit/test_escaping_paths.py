"""One escaping path per output: payloads stay literal text in Markdown, HTML, chart specs and exports."""

from __future__ import annotations

import html
import io
import json
import re
from html.parser import HTMLParser

import openpyxl
import pandas as pd
import pytest

from werkstatt.results.charts import bar_chart, fill_spec
from werkstatt.text.markdown import escape_html, escape_md, escape_md_text
from werkstatt.text.rules import clean_contribution, clean_line
from werkstatt.text.tabular import csv_bytes, xlsx_bytes

PAYLOADS = {
    "bold": "**fett**",
    "img": "<img src=x onerror=alert(1)>",
    "js-link": "[link](javascript:alert(1))",
    "formula": '=HYPERLINK("x")',
    "template": "{{7*7}}",
    "quote-attr": '" onmouseover="alert(1)',
}
IDS = list(PAYLOADS)
VALUES = list(PAYLOADS.values())
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:=])")


class _Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text += data


def parse(markup: str) -> _Parsed:
    parser = _Parsed()
    parser.feed(markup)
    parser.close()
    return parser


@pytest.mark.parametrize("payload", VALUES, ids=IDS)
def test_html_text_and_attribute_show_the_payload_literally(payload: str) -> None:
    as_text = parse(f"<p>{escape_html(payload)}</p>")
    assert as_text.tags == ["p"] and as_text.text == payload
    in_attribute = parse(f'<div data-ws-say="{escape_html(payload)}"></div>')
    assert in_attribute.tags == ["div"] and in_attribute.attrs == [("data-ws-say", payload)]


@pytest.mark.parametrize("escape", [escape_md, escape_md_text], ids=["escape_md", "escape_md_text"])
@pytest.mark.parametrize("payload", VALUES, ids=IDS)
def test_markdown_escaping_leaves_nothing_active_and_reads_back_literally(escape, payload: str) -> None:
    shown = escape(payload)
    # CommonMark: a backslash before punctuation makes it literal, so "\<img" is no tag.
    assert not re.search(r"(?<!\\)<|(?<!\\)\*\*|(?<!\\)\]\(|(?<!\\)\[", shown)  # no tag, emphasis, link
    assert html.unescape(_MD_ESCAPE.sub(r"\1", shown)) == payload  # what a reader sees


@pytest.mark.parametrize("payload", VALUES, ids=IDS)
def test_chart_spec_carries_the_payload_as_plain_data_without_html_tooltips(payload: str) -> None:
    frame = pd.DataFrame({"Begriff": [payload, "Netzwerk"], "Beiträge": [3, 1]})
    spec = fill_spec(bar_chart(frame, "Begriff", "Beiträge", title="Häufige Begriffe").to_dict(), frame)
    assert [row["Begriff"] for row in spec["datasets"]["values"]] == [payload, "Netzwerk"]
    # The payload is only ever a data value: not in a field name, title, expression or URL of the spec.
    without_data = json.dumps({k: v for k, v in spec.items() if k != "datasets"})
    assert payload not in without_data and json.dumps(payload)[1:-1] not in without_data
    # No tooltip, href or image channel: vega's tooltip handler (which Streamlit gives its default
    # HTML-escaping sanitize) never gets user text, and no mark becomes a link.
    for channel in ("tooltip", "href", "url", "image"):
        assert f'"{channel}"' not in without_data


def test_exports_keep_the_text_and_never_run_a_formula() -> None:
    frame = pd.DataFrame({"Beitrag": VALUES, "Name": ["Anna"] * len(VALUES)})
    csv = csv_bytes(frame).decode("utf-8-sig").splitlines()
    cells = dict(zip(VALUES, (line.rsplit(";", 1)[0] for line in csv[1:]), strict=True))
    assert cells['=HYPERLINK("x")'] == '"\'=HYPERLINK(""x"")"'  # apostrophe: text in every spreadsheet
    assert cells["**fett**"] == "**fett**" and cells["{{7*7}}"] == "{{7*7}}"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame))).active
    column = [(c.value, c.data_type) for c in sheet["A"][1:]]
    assert column == [(v, "s") for v in VALUES]  # exactly the text, as string cells (never a formula)


@pytest.mark.parametrize("text", ["\u200b\u200b", "\u3164\u3164", "\u00ad\u2060"])
def test_invisible_only_text_is_refused_everywhere_text_comes_in(text: str) -> None:
    with pytest.raises(Exception, match="unsichtbare"):
        clean_contribution(text)
    with pytest.raises(Exception, match="unsichtbare"):
        clean_line(text, max_len=80, field="Gruppe", required=False)


@pytest.mark.parametrize("payload", VALUES, ids=IDS)
def test_input_rules_keep_markup_as_typed(payload: str) -> None:
    assert clean_contribution(payload) == payload
    assert clean_line(payload, max_len=80, field="Name") == payload
