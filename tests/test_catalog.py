import copy

import pytest

from copydesk import resources
from copydesk.catalog import (
    CHANNELS,
    PRODUCT_KINDS,
    CatalogError,
    copy_length,
    load_catalog,
)
from tests.conftest import MINIMAL_CATALOG


def catalog_with(**changes):
    data = copy.deepcopy(MINIMAL_CATALOG)
    for dotted, value in changes.items():
        target = data
        *parents, last = dotted.split("__")
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value
    return data


def problems_of(path):
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    return info.value.problems, str(info.value)


def test_valid_catalog_loads_into_typed_objects(write_catalog):
    catalog = load_catalog(write_catalog(MINIMAL_CATALOG))
    product = catalog.product("rewards-card")
    assert product.kind == "credit_card" and product.lang == "en"
    assert product.facts["annual_fee"] == "$0"
    assert product.disclosures == ("Representative 21.9% APR (variable). Subject to credit approval.",)
    assert product.is_credit
    assert catalog.segment("new-graduates").description.startswith("22-26")
    assert len(catalog.sha256) == 64
    with pytest.raises(TypeError):
        product.facts["annual_fee"] = "$95"  # facts are read-only once loaded


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"products__0__kind": "crypto"}, "products[0].kind: 'crypto' is not allowed; expected one of: credit_card, personal_loan"),
        ({"products__0__lang": "fr"}, "products[0].lang: 'fr' is not allowed; expected one of: en, zh"),
        ({"segments__0__lang": "de"}, "segments[0].lang: 'de' is not allowed; expected one of: en, zh"),
        ({"products__0__facts": {}}, "products[0].facts: empty; copy may only state what the facts say"),
        ({"products__0__facts": ["2 points"]}, "products[0].facts: expected an object of fact name -> text, got a list"),
        ({"products__0__facts": {"apr": 21.9}}, "products[0].facts.apr: expected non-empty text, got a number 21.9"),
        ({"products__0__disclosures": "Member FDIC."}, "products[0].disclosures: expected a list of strings, got a string"),
        ({"products__0__disclosures": ["ok", 3]}, "products[0].disclosures[1]: expected non-empty text, got a number 3"),
        ({"products__0__id": 7}, "products[0].id: expected a string, got a number 7"),
        ({"products__0__name": ""}, "products[0].name: empty"),
        ({"products": {}}, "products: expected a list, got an object"),
        ({"segments": []}, "segments: empty; add at least one"),
        ({"products__0__colour": "red"}, "products[0].colour: unknown key; allowed: disclosures, facts, id, kind, lang, name"),
    ],
)
def test_each_error_names_the_json_path_the_value_and_what_is_allowed(write_catalog, changes, expected):
    path = write_catalog(catalog_with(**changes))
    problems, message = problems_of(path)
    assert any(p.startswith(expected) for p in problems), problems
    assert message.startswith(f"{path}: invalid catalog")


def test_missing_keys_are_named(write_catalog):
    data = copy.deepcopy(MINIMAL_CATALOG)
    del data["products"][0]["kind"]
    del data["segments"]
    problems, _ = problems_of(write_catalog(data))
    assert "products[0].kind: missing" in problems
    assert "segments: missing; expected a list" in problems


def test_duplicate_ids_point_at_both_entries(write_catalog):
    data = copy.deepcopy(MINIMAL_CATALOG)
    data["products"].append(copy.deepcopy(data["products"][0]))
    problems, _ = problems_of(write_catalog(data))
    assert problems == ["products[1].id: duplicate id 'rewards-card' (first used at products[0])"]


def test_every_problem_is_reported_at_once(write_catalog):
    data = catalog_with(products__0__kind="crypto", segments__0__lang="de")
    problems, message = problems_of(write_catalog(data))
    assert len(problems) == 2
    assert "(2 problems)" in message


def test_invalid_utf8_names_the_byte(write_catalog):
    path = write_catalog(b'{"products": [], "segments": ["\xff"]}')
    problems, _ = problems_of(path)
    assert problems == ["not valid UTF-8 at byte 31; save the file as UTF-8"]


def test_truncated_json_says_where_and_that_it_looks_truncated(write_catalog):
    text = write_catalog(MINIMAL_CATALOG).read_text(encoding="utf-8")
    path = write_catalog(text[: len(text) // 2], name="truncated.json")
    problems, _ = problems_of(path)
    assert len(problems) == 1
    assert problems[0].startswith("line ") and "invalid JSON" in problems[0]
    assert "looks truncated" in problems[0]


def test_not_an_object_and_unreadable_file(write_catalog, tmp_path):
    problems, _ = problems_of(write_catalog([1, 2]))
    assert problems == ['$: expected an object with "products" and "segments", got a list']
    problems, message = problems_of(tmp_path / "nope.json")
    assert problems[0].startswith("cannot read the file")
    assert "nope.json" in message


def test_unknown_ids_list_the_known_ones(write_catalog):
    catalog = load_catalog(write_catalog(MINIMAL_CATALOG))
    with pytest.raises(KeyError, match="unknown product id 'nope'.*known ids: rewards-card"):
        catalog.product("nope")


def test_channels_and_their_limits():
    assert {c: CHANNELS[c].limit for c in CHANNELS} == {
        "email": None, "sms": 160, "social": None, "banner": 60, "push": 120, "wechat": None,
    }
    # Code points as written: a Chinese character and an emoji count one each.
    assert copy_length("白金卡🎉") == 4


@pytest.fixture(scope="module")
def sample():
    return load_catalog(resources.sample_catalog_path())


class TestSampleCatalog:
    @pytest.fixture
    def catalog(self, sample):
        return sample

    def test_one_english_product_of_every_kind(self, catalog):
        kinds = {p.kind for p in catalog.products if p.lang == "en"}
        assert kinds == set(PRODUCT_KINDS)

    def test_chinese_products_cover_the_core_kinds(self, catalog):
        zh = [p for p in catalog.products if p.lang == "zh"]
        assert len(zh) >= 6
        assert {"credit_card", "personal_loan", "term_deposit", "wealth_management", "investment_fund", "insurance"} <= {
            p.kind for p in zh
        }

    def test_segments_per_language(self, catalog):
        for lang in ("en", "zh"):
            assert sum(s.lang == lang for s in catalog.segments) >= 6

    def test_every_product_carries_disclosures_and_a_phone_line(self, catalog):
        for product in catalog.products:
            assert product.disclosures, product.id
            assert "phone" in product.facts, product.id
