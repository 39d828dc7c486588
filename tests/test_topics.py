"""Topic labels from keywords (meetings/topics.py over data/topics.yaml)."""

from __future__ import annotations

import pytest

from meetings.knowledge import load_knowledge
from meetings.topics import label_topics


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(None)


def test_the_presidency_of_a_country_is_no_multilateral_topic(kb):
    text = "It was his first foreign trip since winning the presidency in September, the Egyptian presidency said."
    assert "multilateral" not in label_topics([text], kb)


def test_a_forum_presidency_is_multilateral(kb):
    text = "The ministers discussed India's rotating presidency and cooperation in international organisations."
    assert "multilateral" in label_topics([text], kb)


def test_un_in_capitals_is_the_united_nations_but_not_a_prefix(kb):
    assert "multilateral" in label_topics(["They spoke about reform of the UN."], kb)
    assert "multilateral" not in label_topics(["An un-named aide said the talks went well."], kb)


def test_latin_american_is_no_us_relations_topic(kb):
    assert "us_relations" not in label_topics(["Lula called for Latin American unity and a South American bloc."], kb)
    assert "us_relations" in label_topics(["They discussed American tariffs and Latin American trade."], kb)


def test_important_is_no_import(kb):
    assert "economy_trade" not in label_topics(["It was an important and timely meeting of great importance."], kb)
    assert "economy_trade" in label_topics(["They discussed imports of grain."], kb)
