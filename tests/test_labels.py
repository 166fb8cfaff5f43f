"""Names people read instead of stored codes: fact and segment names, local times to the minute."""

from __future__ import annotations

import json

import pytest

from copydesk import resources
from copydesk.labels import CHINESE_FACTS, fact_label, local_date, local_time, product_label, segment_label

STAMP = "2026-03-02T14:05:33.123456+00:00"  # as copydesk stores times: UTC, microseconds


@pytest.mark.parametrize("key, name", [
    ("annual_fee", "Annual fee"),
    ("purchase_apr", "Purchase APR"),
    ("min_opening_deposit", "Min opening deposit"),
    ("fdic_insurance", "FDIC insurance"),
    ("apy_as_of", "APY as of"),
    ("nmls_id", "NMLS ID"),
    ("annual_rate_1y", "Annual rate 1y"),
    ("12b1_fee", "12b-1 fee"),
    ("points", "Points"),
])
def test_english_fact_names_are_words_with_acronyms_kept(key, name):
    assert fact_label(key) == name
    assert fact_label(key, "en") == name


def test_chinese_fact_names_for_the_common_keys():
    assert fact_label("annual_fee", "zh") == "年费"
    assert fact_label("apr", "zh") == "年化利率"
    assert fact_label("min_opening_deposit", "zh_CN") == "开户起存金额"
    assert fact_label("some_new_fact", "zh") == "Some new fact"  # unknown: its English name, never the raw key
    assert fact_label("年费", "en") == fact_label("年费", "zh") == "年费"  # a Chinese key is its own name


def test_names_the_catalog_gives_win():
    assert fact_label("annual_fee", "zh", {"annual_fee": "年费（首年免）"}) == "年费（首年免）"
    assert fact_label("purchase_apr", "en", {"annual_fee": "Fee"}) == "Purchase APR"


def _bundled_catalogs():
    paths = [resources.sample_catalog_path(), *sorted((resources.assets_dir() / "corpus").glob("*.catalog.json"))]
    return [json.loads(path.read_text(encoding="utf-8")) for path in paths]


def test_every_fact_of_the_bundled_chinese_products_has_a_chinese_name():
    keys = {key for data in _bundled_catalogs() for product in data["products"] if product["lang"] == "zh"
            for key in product["facts"]}
    assert keys and sorted(keys - CHINESE_FACTS.keys()) == []


def test_no_bundled_fact_name_shows_an_underscore():
    names = {fact_label(key, lang) for data in _bundled_catalogs() for product in data["products"]
             for key in product["facts"] for lang in ("en", "zh")}
    assert [n for n in names if "_" in n] == []


def test_segment_and_product_names_come_from_the_catalog(catalog):
    assert segment_label(catalog, "zh-cross-border") == catalog.segment("zh-cross-border").name
    assert segment_label(catalog, "new-graduates") == "New graduates"
    assert segment_label(catalog, "zh-gone-segment") == "zh gone segment"  # no longer in the catalog
    assert segment_label(None, "zh-cross-border") == "zh cross border"
    assert product_label(catalog, "rewards-card") == "Everyday Rewards Card"
    assert product_label(None, "gone-card", "Old Card") == "Old Card"
    assert product_label(None, "gone-card") == "gone-card"


def test_local_time_is_the_readers_zone_to_the_minute(zone):
    zone("Asia/Shanghai")
    assert local_time(STAMP) == "2026-03-02 22:05"
    assert local_time(STAMP, zone=True) == "2026-03-02 22:05 (UTC+08:00)"
    assert local_time("2026-03-02T14:05:33Z") == "2026-03-02 22:05"
    assert local_time("2026-03-02T14:05:33") == "2026-03-02 22:05"  # no offset: stored times are UTC
    assert local_date("2026-03-02T20:00:00+00:00") == "2026-03-03"  # already tomorrow in Shanghai
    zone("America/New_York")
    assert local_time("2026-07-01T12:00:00+00:00", zone=True) == "2026-07-01 08:00 (UTC-04:00)"
    zone("UTC")
    assert local_time(STAMP, zone=True) == "2026-03-02 14:05 (UTC)"


def test_local_time_leaves_empty_dates_and_non_times_alone():
    assert local_time("") == ""
    assert local_time("2026-06-30") == "2026-06-30"  # an expiry date has no time of day
    assert local_time("not a time") == "not a time"
