"""Event-type classification (issue 5): training data, rules, cache, trained model."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from frontwatch.errors import InputError
from frontwatch.events import classify as C
from frontwatch.model import NON_EVENT_LABELS, SUB_EVENT_TYPES

# ----------------------------------------------------------------------------- training data


def test_training_data_is_well_formed() -> None:
    raw = C.TRAINING_TSV.read_text(encoding="utf-8")
    lines = raw.splitlines()
    assert lines[0] == "label\ttext"
    for number, line in enumerate(lines[1:], 2):
        parts = line.split("\t")
        assert len(parts) == 2, f"line {number}: exactly one tab"
        assert parts[0] in C.ALL_LABELS, f"line {number}: unknown label {parts[0]!r}"
        assert parts[1] == parts[1].strip() and len(parts[1]) >= 20, f"line {number}: text too short or padded"
    rows = C.read_training()
    counts = Counter(label for label, _ in rows)
    assert set(counts) == set(C.ALL_LABELS)
    short = {label: n for label, n in counts.items() if n < 40}
    assert not short, f"labels with fewer than 40 snippets: {short}"
    assert counts[C.NO_EVENT] >= 80
    texts = [text.casefold() for _, text in rows]
    dupes = [t for t, n in Counter(texts).items() if n > 1]
    assert not dupes, f"duplicate snippets: {dupes[:3]}"


def test_label_set_matches_the_data_model() -> None:
    assert C.BENCHMARK_LABELS[:25] == tuple(SUB_EVENT_TYPES)
    assert C.BENCHMARK_LABELS[25:] == NON_EVENT_LABELS
    assert C.ALL_LABELS[-1] == "No event"


# ----------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("A suicide bomber blew himself up at the checkpoint.", "Suicide bomb"),
        ("The attacker self-detonated near the gate.", "Suicide bomb"),
        ("Warplanes struck a market in the rebel-held town.", "Air/drone strike"),
        ("A drone strike killed two men in a car.", "Air/drone strike"),
        ("Helicopter gunships fired on the village.", "Air/drone strike"),
        ("A man threw a grenade into the bar.", "Grenade"),
        ("Mortar shells landed on the market.", "Shelling/artillery/missile attack"),
        ("A missile hit an apartment block.", "Shelling/artillery/missile attack"),
        ("A roadside bomb hit the army truck.", "Remote explosive/landmine/IED"),
        ("A child stepped on a landmine while herding goats.", "Remote explosive/landmine/IED"),
        ("Residents reported a chlorine gas attack on the town.", "Chemical weapon"),
        ("Doctors saw symptoms of sarin exposure.", "Chemical weapon"),
        ("Police fired tear gas and rubber bullets to disperse the march.", "Protest with intervention"),
        ("Security forces opened fire on protesters, killing five.", "Excessive force against protesters"),
        ("Two demonstrators were shot dead by police.", "Excessive force against protesters"),
        ("Rebels seized the town after heavy fighting.", "Non-state actor overtakes territory"),
        ("The district fell to the Taliban on Sunday.", "Non-state actor overtakes territory"),
        ("Government troops recaptured the town from the militants.", "Government regains territory"),
        ("The army retook the border post after two days of fighting.", "Government regains territory"),
        ("Troops withdrew and the militia took over the base without a fight.", "Non-violent transfer of territory"),
        ("French forces handed over the base to the national army.", "Non-violent transfer of territory"),
        ("An earthquake of magnitude 6.1 struck the province.", "Natural disaster"),
        ("Floods swept away hundreds of homes.", "Natural disaster"),
        ("The group claimed responsibility for the bombing.", "Attribution of responsibility"),
        ("Police defused a bomb found near the church.", "Disrupted weapons use"),
    ],
)
def test_rule_fires_on_its_pattern(text: str, label: str) -> None:
    assert label in C.rule_hits(text)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Police fired tear gas at the crowd.", "Chemical weapon"),
        ("Police defused a roadside bomb on the highway.", "Remote explosive/landmine/IED"),
        ("A chlorine leak at a water treatment plant sickened workers.", "Chemical weapon"),
        ("Militants fired rocket-propelled grenades at the base.", "Grenade"),
        ("The Taliban retook the district from government forces.", "Government regains territory"),
        ("The army withdrew and rebels entered the town unopposed.", "Non-state actor overtakes territory"),
        ("The bomber's vest exploded prematurely, killing only him.", "Suicide bomb"),
        ("Air defences shot down a drone over the city.", "Air/drone strike"),
        ("A drone strike targeted a suicide car bomber heading for the border post.", "Suicide bomb"),
        ("Soldiers shot a suicide bomber before he reached the gate.", "Suicide bomb"),
    ],
)
def test_rule_does_not_fire_on_lookalikes(text: str, label: str) -> None:
    assert label not in C.rule_hits(text)


# ----------------------------------------------------------------------------- cache (no real encoder)


class HashEncoder:
    """A deterministic bag-of-words encoder so cache behaviour is tested without a model."""

    name = "hash-test"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:  # type: ignore[override]
        self.calls += 1
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def _tiny_training(path: Path, extra: str = "") -> Path:
    rows = [
        ("Grenade", "a man threw a grenade into the bar"),
        ("Grenade", "grenade thrown at a police post"),
        ("Natural disaster", "earthquake destroyed homes in the valley"),
        ("Natural disaster", "floods swept away the village"),
        ("No event", "the town lies on the main road"),
        ("No event", "the war began ten years ago"),
    ]
    path.write_text("label\ttext\n" + "".join(f"{a}\t{b}\n" for a, b in rows) + extra, encoding="utf-8")
    return path


def test_artefact_is_cached_and_reused(tmp_path: Path) -> None:
    training = _tiny_training(tmp_path / "train.tsv")
    enc = HashEncoder()
    first = C.load_or_train(enc, training=training, cache_dir=tmp_path / "cache")
    assert enc.calls == 1
    files = list((tmp_path / "cache").glob("classifier-*.npz"))
    assert len(files) == 1
    second = C.load_or_train(enc, training=training, cache_dir=tmp_path / "cache")
    assert enc.calls == 1, "second call must read the cached weights, not retrain"
    assert second.labels == first.labels
    np.testing.assert_allclose(second.coef, first.coef)


def test_changed_training_data_gets_a_new_artefact(tmp_path: Path) -> None:
    a = C.cache_path(encoder_name="x", training=_tiny_training(tmp_path / "a.tsv"), cache_dir=tmp_path)
    b = C.cache_path(
        encoder_name="x", training=_tiny_training(tmp_path / "b.tsv", "Grenade\tanother grenade\n"), cache_dir=tmp_path
    )
    c = C.cache_path(encoder_name="y", training=tmp_path / "a.tsv", cache_dir=tmp_path)
    assert len({a, b, c}) == 3


def test_rules_act_as_priors_not_vetoes(tmp_path: Path) -> None:
    enc = HashEncoder()
    model = C.load_or_train(enc, training=_tiny_training(tmp_path / "t.tsv"), cache_dir=tmp_path)
    clf = C.EventClassifier(enc, model)
    # a rule for a label the model knows raises it; the result says a rule chose it
    out = clf.classify(["a grenade earthquake"])[0]
    assert out.label in ("Grenade", "Natural disaster") and out.by_rule
    assert 0.0 < out.score <= 1.0
    # allow_no_event=False never answers "No event"
    assert clf.classify(["the town lies on the main road"], allow_no_event=False)[0].label != "No event"


def test_bad_training_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("label\ttext\nNot a label\tsome text here\n", encoding="utf-8")
    with pytest.raises(C.DataBuildError):
        C.read_training(bad)


def test_classify_tsv_needs_a_header() -> None:
    with pytest.raises(InputError):
        list(C.classify_tsv(["1\tsome text\n"]))


# ----------------------------------------------------------------------------- trained model (loads MiniLM)


@pytest.fixture(scope="session")
def classifier() -> C.EventClassifier:
    return C.default_classifier()


CLEAR_EXAMPLES = [
    (
        "Government forces recaptured the town of Rimo from the rebels after two days of heavy fighting.",
        "Government regains territory",
    ),
    (
        "Insurgents overran the army base and took control of the district capital.",
        "Non-state actor overtakes territory",
    ),
    ("Soldiers and militants exchanged fire for hours near the village; three fighters were killed.", "Armed clash"),
    ("Thousands of nurses marched peacefully through the capital to demand higher pay.", "Peaceful protest"),
    (
        "Police fired tear gas to disperse students protesting outside the ministry and detained ten.",
        "Protest with intervention",
    ),
    ("Security forces opened fire on a peaceful march, killing four protesters.", "Excessive force against protesters"),
    ("Protesters threw stones at police and set fire to the governor's office.", "Violent demonstration"),
    ("A mob lynched a man accused of theft in the market.", "Mob violence"),
    ("Helicopters dropped chlorine barrel bombs on the town, and dozens suffocated.", "Chemical weapon"),
    ("Warplanes bombed a market in the rebel-held town, killing 12 people.", "Air/drone strike"),
    ("A suicide bomber blew himself up inside a crowded mosque during Friday prayers.", "Suicide bomb"),
    ("Artillery shells hit a residential district of the city overnight.", "Shelling/artillery/missile attack"),
    ("A roadside bomb struck a police vehicle, killing two officers.", "Remote explosive/landmine/IED"),
    ("An unknown man threw a hand grenade into a crowded bar, wounding six.", "Grenade"),
    ("Gunmen raped several women during a raid on the village.", "Sexual violence"),
    ("Gunmen shot dead five farmers working in their fields.", "Attack"),
    ("Armed men kidnapped 30 schoolchildren from their dormitory.", "Abduction/forced disappearance"),
    ("The two sides signed a ceasefire agreement after talks in the capital.", "Agreement"),
    ("Police arrested the opposition leader at his home.", "Arrests"),
    ("Three armed factions announced their merger into a new coalition.", "Change to group/activity"),
    ("The bomb disposal team defused an explosive device found under a bridge.", "Disrupted weapons use"),
    ("The militants set up a new base in the forest near the border.", "Headquarters or base established"),
    ("Fighters looted shops and warehouses in the town market.", "Looting/property destruction"),
    ("Troops withdrew from the town and the rebels entered it without a fight.", "Non-violent transfer of territory"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "label"), CLEAR_EXAMPLES)
def test_clear_examples_of_each_family(classifier: C.EventClassifier, text: str, label: str) -> None:
    result = classifier.classify([text])[0]
    assert result.label == label
    assert result.event_type == SUB_EVENT_TYPES[label]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("An earthquake of magnitude 6.4 struck the region, destroying hundreds of homes.", "Natural disaster"),
        ("The foreign ministers met in Geneva to discuss the crisis and called for restraint.", "Diplomatic event"),
        ("The Islamic State claimed responsibility for the attack in a statement.", "Attribution of responsibility"),
        ("A passenger ferry capsized on the lake, drowning 40 people.", "Man-made disaster"),
        ("Police seized two tonnes of cocaine hidden in a shipment of fruit.", "Organized crime"),
    ],
)
def test_non_events_are_not_violent_types(classifier: C.EventClassifier, text: str, label: str) -> None:
    result = classifier.classify([text])[0]
    assert result.event_type is None
    assert result.label == label


@pytest.mark.slow
def test_background_sentence_is_no_event(classifier: C.EventClassifier) -> None:
    results = classifier.classify(
        [
            "The province has a population of about two million people and borders three countries.",
            "The conflict began in 2014 and has displaced millions of people.",
        ]
    )
    assert [r.label for r in results] == ["No event", "No event"]
    assert all(r.event_type is None for r in results)


@pytest.mark.slow
def test_public_api_and_tsv(classifier: C.EventClassifier) -> None:
    texts = ["A suicide bomber blew himself up at the checkpoint.", "The city is the capital of the province."]
    results = C.classify_texts(texts, allow_no_event=False)
    assert [r.label for r in results][0] == "Suicide bomb"
    assert results[0].by_rule and results[0].event_type == "Explosions/Remote violence"
    assert results[1].label in C.BENCHMARK_LABELS
    assert C.classify_texts([]) == []
    rows = list(C.classify_tsv(["id\ttext\n", "7\tA man threw a grenade at the police station.\n", "\n"]))
    assert rows == [("7", "Grenade")]


def test_a_withdrawal_types_the_other_side_as_taker():
    # CLASSIFY-WITHDRAWAL: the side that pulls out loses the place
    from frontwatch.events.rules import rule_hits

    assert "Non-state actor overtakes territory" in rule_hits(
        "Government soldiers pulled out of Zarovka amid shelling."
    )
    assert "Government regains territory" in rule_hits("The rebels withdrew from Zarovka after heavy fighting.")
    assert "Non-violent transfer of territory" in rule_hits("The rebels withdrew from Zarovka overnight.")
    entered = "Government troops entered Zarovka and took control of it after the rebels pulled out."
    assert "Non-violent transfer of territory" in rule_hits(entered)
    assert not any("territory" in k for k in rule_hits("The rebels pulled out of the talks on Wednesday."))


# ----------------------------------------------------------------------------- rule prefilter (issue 15)

# sentences written for this test: each rule's wording, its lookalikes and its `unless` words, with case,
# hyphens and line breaks the patterns allow, and sentences near a rule that fire none
_PREFILTER_SENTENCES = (
    "A SUICIDE BOMBER blew himself up at the gate of the ministry.",
    "The attacker self-detonated; a second man detonated his vest prematurely.",
    "An SVBIED struck the base. Police foiled a martyrdom operation.",
    "Doctors treated victims of a Chlorine attack; a chlorine leak at the factory followed.",
    "Nerve\ngas and sulphur mustard were used, the inspectors said.",
    "Air strikes and an airstrike hit the town; Jets bombed the bridge; a drone was shot down.",
    "Fighter jets were deployed to the border. Helicopter gunships fired on the convoy.",
    "Mortar rounds and Grad rockets fell; a rocket-propelled grenade was seized from a cache.",
    "The army concentrated a reserve that includes artillery near the town.",
    "A roadside bomb exploded; an IED was defused; the car stepped on an old mine.",
    "They ran over a land mine. A booby-trap was found and cleared.",
    "Insurgents attacked the post with explosives; an explosives attack hit a patrol.",
    "Gunmen attacked a police station. Militants stormed an army base overnight.",
    "Armed men overran the checkpoint and hurled grenades at the guards.",
    "A stun grenade was thrown. A hand grenade exploded in the market.",
    "Soldiers seized a large weapons cache and an arms depot was recovered.",
    "The missile was intercepted; the bomb squad carried out a controlled explosion.",
    "Police fired tear gas and water cannon and baton-charged the crowd; several were injured.",
    "Security forces opened fire on the protesters, killing two; live ammunition was used.",
    "Demonstrators were seriously injured when police violently dispersed the march.",
    "An angry mob torched houses; a man was lynched.",
    "Rioters burned tyres and pelted police with stones; clashes between police and protesters followed.",
    "The protest turned violent. Violent protests broke out on Friday.",
    "The rebels entered the town unopposed; the base was handed over to the army.",
    "The garrison withdrew without a fight and the town was abandoned by its defenders.",
    "An earthquake of magnitude 6 struck; floods and a cholera outbreak followed.",
    "The ferry capsized; a train derailed; a fire broke out at the factory.",
    "The group claimed responsibility for the attack; the army blamed the rebels.",
    "The ambassador was summoned and sanctions were imposed; the envoy called for restraint.",
    "Gunmen kidnapped three teachers and took two hostages.",
    "Soldiers were accused of rape and sexual violence.",
    "Gunmen stormed the village, killing at least 27 civilians.",
    "The two sides signed a ceasefire agreement and exchanged prisoners.",
    "Rebels have taken control of the town. The army recaptured the district.",
    "The district fell to the rebels. Government soldiers pulled out of the town.",
    "Rebels seized a cache of weapons. The rebels pulled out of the talks.",
    "The council approved a grant for the new library.",
    "Tickets are available through the festival website.",
    "She sang at the cathedral on Sunday morning.",
    "",
)


def _prefilter_texts() -> list[str]:
    """Every training snippet (read here, not copied), every hand rule's examples and the sentences above,
    each also upper-cased and with the letters re.IGNORECASE folds onto ASCII (long s, dotless i, Kelvin sign)."""
    from frontwatch import rulebook

    texts = [text for _, text in C.read_training()]
    intl = C.TRAINING_TSV.with_name("event_snippets_intl.tsv").read_text(encoding="utf-8").splitlines()
    texts += [line.split("\t")[-1] for line in intl[2:] if line.strip()]
    texts += [t for rule in rulebook.load_all().values() for t in (*rule.positive, *rule.negative)]
    texts += _PREFILTER_SENTENCES
    odd = str.maketrans({"s": "\u017f", "i": "\u0131", "k": "\u212a", "I": "\u0130"})
    return texts + [t.upper() for t in texts] + [t.translate(odd) for t in texts]


def test_rule_prefilter_changes_no_hit() -> None:
    """The prefilter skips only searches bound to fail: every pattern that matches a text finds one of its
    needed strings there, and the rules' hits equal those of searching every pattern."""
    from frontwatch import regex_literals
    from frontwatch.events import rules as R

    texts = _prefilter_texts()
    patterns = [*(rule.pattern for rule in R.RULES), R._TAKE, R._WITHDRAW]
    needs = [*R._NEEDS[:-1], R._NEEDS[-1], R._NEEDS[-1]]
    assert sum(n is not None for n in needs) >= len(needs) - 2, "most rules should have a prefilter"
    fired = 0
    for text in texts:
        low = regex_literals.folded(text)
        for pattern, words in zip(patterns, needs, strict=True):
            if pattern.search(text):
                fired += 1
                assert words is None or any(w in low for w in words), (pattern.pattern[:60], text)
        assert _outcome(R._hits, text) == _outcome(R._hits, text, R._SEARCH_ALL), text
    assert fired > len(texts) // 2  # the texts do exercise the patterns


def _outcome(f: Callable[..., object], *args: object) -> object:
    """What ``f(*args)`` returns, or the type of what it raises (the same error either way is no difference)."""
    try:
        return f(*args)
    except Exception as exc:
        return type(exc)
