"""The language router's third answer, the learned fusion and its leave-one-task-out fit."""

from __future__ import annotations

import json
import zlib

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from matcher import config
from matcher.evaluation import build_task
from matcher.evaluation.fusion_fit import TaskScores, best_single, choose_alpha, loto
from matcher.text.encoders import Encoder
from matcher.text.encoders.learned_fusion import (
    ENCODERS,
    MODEL_DIR,
    QUERY_FEATURES,
    LearnedFusion,
    load_model,
    save_model,
)
from matcher.text.language import Language, detect_language
from matcher.text.retrieval import TextMatcher


class WordHashEncoder(Encoder):
    """Bag of words hashed into 64 dims: texts sharing words are close."""

    def __init__(self, salt: str = ""):
        self.salt = salt

    def _encode(self, texts):
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, zlib.crc32((self.salt + w).encode()) % 64] += 1.0
        return out

    def fingerprint(self):
        return f"wordhash-64-{self.salt}"

    @property
    def dim(self):
        return 64


# ------------------------------------------------------------------------ router
@pytest.mark.parametrize(
    "text",
    ["Krankenpfleger", "Mitarbeiter im Kundenservice", "Verkäuferin", "camarero de piso",
     "Lagerarbeiter", "técnico en reparación de relojes"],
)  # fmt: skip
def test_router_names_other_for_german_and_spanish_titles(text):
    assert detect_language(text) is Language.OTHER


@pytest.mark.parametrize(
    "text, lang",
    [("software engineer", Language.EN), ("phlebotomist", Language.EN),
     ("perform bookkeeping", Language.EN), ("tukang las", Language.ID),
     ("penjahit", Language.ID), ("welder", Language.OTHER)],
)  # fmt: skip
def test_router_keeps_english_and_indonesian_and_learns_words_from_candidates(text, lang):
    assert detect_language(text) is lang
    # A word the catalog itself uses is English to the router.
    assert detect_language("welder", known={"welder"}) is Language.EN


def three_encoder_matcher(**kwargs) -> TextMatcher:
    encoders = {k: WordHashEncoder(salt=k) for k in ENCODERS}
    return TextMatcher(encoder=encoders, **kwargs).fit(
        ["nurse", "warehouse worker", "cook"], [["care assistant"], ["storeman"], ["chef"]]
    )


@pytest.mark.parametrize("fusion", ["fixed", "learned"])
def test_unknown_language_is_weighted_to_use(fusion):
    m = three_encoder_matcher(fusion=fusion)
    queries = ["Krankenpfleger", "warehouse worker"]
    w = m._fusion_weights(queries, m._languages(queries))
    total = sum(w.values())
    use_share = w["use"] / total
    assert use_share[0] > 0.5  # "other": mostly USE
    assert use_share[0] > use_share[1]  # and more than for English


def test_fixed_fusion_sends_other_languages_to_use():
    m = three_encoder_matcher(fusion="fixed")
    w = m._fusion_weights(["camarero de piso"], [Language.OTHER.value])
    # 2 : 0.25 : 0.25, and less for the English-only encoders when they know few words.
    assert w["use"][0] / sum(v[0] for v in w.values()) >= 2.0 / 2.5


def test_bad_fusion_option_names_the_allowed_values():
    with pytest.raises(ValueError, match="learned, fixed"):
        three_encoder_matcher(fusion="stacked")


# ------------------------------------------------------------- the estimator
def ranking_data(seed: int = 0, n_queries: int = 40, per_query: int = 8):
    """Two encoders and one query feature: encoder 0 finds the relevant row when the
    feature is 1, encoder 1 when it is 0."""
    rng = np.random.default_rng(seed)
    rows, y, groups = [], [], []
    for q in range(n_queries):
        flag = float(q % 2)
        z = rng.normal(size=(per_query, 2))
        right = rng.integers(per_query)
        z[right, 0 if flag else 1] += 4.0
        for j in range(per_query):
            rows.append([z[j, 0], z[j, 1], 1.0, flag])
            y.append(float(j == right))
            groups.append(q)
    return np.array(rows), np.array(y), np.array(groups)


def test_learned_fusion_follows_the_estimator_contract():
    X, y, g = ranking_data()
    model = LearnedFusion(n_scores=2, alpha=0.01)
    assert clone(model).get_params() == model.get_params()
    with pytest.raises(NotFittedError):
        model.predict(X)
    assert model.fit(X, y, g) is model
    assert hasattr(model, "coef_") and model.n_features_in_ == 4
    assert model.coef_.shape == (2, 2)
    assert model.get_params() == {"n_scores": 2, "alpha": 0.01, "max_iter": 500}
    with pytest.raises(ValueError, match="columns"):
        model.predict(X[:, :3])


def test_learned_fusion_puts_the_weight_on_the_encoder_that_is_right_for_the_query():
    X, y, g = ranking_data()
    model = LearnedFusion(n_scores=2, alpha=0.01).fit(X, y, g)
    w = model.query_weights([[1.0, 1.0], [1.0, 0.0]])
    assert w[0, 0] > 0.85 and w[1, 1] > 0.6  # the right encoder has the majority
    np.testing.assert_allclose(w.sum(axis=1), 1.0)


def test_learned_fusion_batch_results_equal_one_by_one_results():
    X, y, g = ranking_data()
    model = LearnedFusion(n_scores=2).fit(X, y, g)
    batch = model.predict(X)
    one = np.array([model.predict(X[i : i + 1])[0] for i in range(len(X))])
    np.testing.assert_allclose(batch, one, rtol=1e-12)


def test_learned_fusion_gradient_matches_finite_differences():
    # The fit is only as good as its gradient; a large penalty keeps theta at zero, and a
    # small one must move it the way a numerical optimiser without gradients does.
    from scipy.optimize import minimize

    X, y, g = ranking_data(n_queries=10)
    model = LearnedFusion(n_scores=2, alpha=0.1).fit(X, y, g)
    Z, F = X[:, :2], X[:, 2:]

    def loss(theta):
        theta = theta.reshape(2, 2)
        s = (np.exp(F @ theta.T) * Z).sum(axis=1)
        out = 0.0
        for q in np.unique(g):
            sq, yq = s[g == q], y[g == q]
            out += np.log(np.exp(sq).sum()) - np.log(np.exp(sq[yq == 1]).sum())
        return out / len(np.unique(g)) + 0.05 * float(theta.ravel() @ theta.ravel())

    ref = minimize(loss, np.zeros(4), method="Nelder-Mead", options={"maxiter": 4000,
                                                                      "xatol": 1e-6})  # fmt: skip
    np.testing.assert_allclose(model.coef_.ravel(), ref.x, atol=2e-3)


def test_learned_fusion_fits_when_a_relevant_row_scores_far_below_the_top():
    # Its softmax share underflows to 0; the loss must stay finite (log-sum-exp) and the
    # fit stop where the true loss is flat, not send the optimiser inf and nan (as
    # fit-fusion's real tasks did before).
    from scipy.optimize import approx_fprime
    from scipy.special import logsumexp

    X, y, g = ranking_data(n_queries=10)
    X[(g == 0) & (y == 1), :2] = -400.0  # query 0's relevant row: z-scores of -400
    with np.errstate(divide="raise", invalid="raise"):
        model = LearnedFusion(n_scores=2, alpha=0.1).fit(X, y, g)
    Z, F = X[:, :2], X[:, 2:]

    def loss(theta):
        theta = theta.reshape(2, 2)
        s = (np.exp(F @ theta.T) * Z).sum(axis=1)
        out = sum(logsumexp(s[g == q]) - logsumexp(s[(g == q) & (y == 1)]) for q in np.unique(g))
        return out / len(np.unique(g)) + 0.05 * float(theta.ravel() @ theta.ravel())

    theta = model.coef_.ravel()
    assert np.isfinite(theta).all() and np.isfinite(loss(theta))
    assert loss(theta) < loss(np.zeros(4))
    # A stationary point of the true loss (the objective is not convex: a search from
    # elsewhere may stop at another one).
    np.testing.assert_allclose(approx_fprime(theta, loss, 1e-6), 0.0, atol=1e-3)


def test_learned_fusion_rejects_rows_of_one_query_apart_and_non_binary_labels():
    X, y, g = ranking_data(n_queries=4)
    with pytest.raises(ValueError, match="next to each other"):
        LearnedFusion(n_scores=2).fit(X, y, np.r_[g[1:], g[:1]])
    with pytest.raises(ValueError, match="allowed values"):
        LearnedFusion(n_scores=2).fit(X, y * 2, g)


def test_saved_model_round_trips_with_its_manifest(tmp_path):
    X, y, g = ranking_data()
    model = LearnedFusion(n_scores=2).fit(X, y, g)
    save_model(model, tmp_path, {"alpha": 1.0})
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["rebuild"] == "python -m matcher fit-fusion"
    # A model fitted for other encoders or features is refused, not misused.
    with pytest.raises(ValueError, match="Rebuild"):
        load_model(tmp_path)


def test_shipped_model_loads_and_matches_the_code():
    model = load_model(MODEL_DIR)
    assert model is not None, (
        "matcher/resources/fusion/ holds no model: python -m matcher fit-fusion"
    )
    assert model.coef_.shape == (len(ENCODERS), len(QUERY_FEATURES))
    manifest = json.loads((MODEL_DIR / "manifest.json").read_text())
    assert manifest["query_features"] == list(QUERY_FEATURES)


def test_matcher_scores_a_batch_as_it_scores_queries_one_by_one_with_the_learned_fusion():
    m = three_encoder_matcher()
    assert m.fusion_model_ is not None
    queries = ["Krankenpfleger", "storeman", "tukang masak", "chef de cuisine"]
    batch = m.score(queries)
    one = np.vstack([m.score([q]) for q in queries])
    np.testing.assert_allclose(batch, one, rtol=1e-5, atol=1e-6)


# ------------------------------------------------------------------------ LOTO
def synthetic_task(name: str, seed: int, n_queries: int = 30, n_cand: int = 40) -> TaskScores:
    """Encoder 0 is right for "other" queries, encoder 2 for the rest; encoder 1 is noise."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(3, n_queries, n_cand)).astype(np.float32)
    features = np.zeros((n_queries, len(QUERY_FEATURES)))
    features[:, 0] = 1.0
    relevant, langs = [], []
    for q in range(n_queries):
        other = q % 3 == 0
        features[q, 2] = float(other)
        right = int(rng.integers(n_cand))
        z[0 if other else 2, q, right] += 3.0
        relevant.append([right])
        langs.append("other" if other else "en")
    from matcher.evaluation.metrics import evaluate_scores

    baselines = {k: evaluate_scores(z[i], relevant) for i, k in enumerate(ENCODERS)}
    return TaskScores(name, z, features, relevant, langs, baselines)


def test_loto_holds_out_each_task_and_beats_the_best_single_encoder_on_it():
    tasks = [synthetic_task(f"t{i}", seed=i) for i in range(3)]
    held = loto(tasks, alpha=0.01, pool=5)
    assert set(held) == {"t0", "t1", "t2"}
    for t in tasks:
        assert held[t.name]["mrr"] >= best_single(t)[1]


def test_loto_does_not_see_the_held_out_task():
    # A task whose pattern is the reverse of the others' is ranked badly when held out.
    tasks = [synthetic_task(f"t{i}", seed=i) for i in range(2)]
    flipped = synthetic_task("flip", seed=9)
    flipped.z[[0, 2]] = flipped.z[[2, 0]]
    held = loto([*tasks, flipped], alpha=0.01, pool=5)
    assert held["flip"]["mrr"] < best_single(flipped)[1]
    alpha, by_alpha = choose_alpha(tasks, alphas=(0.01, 1.0), pool=5)
    assert alpha in (0.01, 1.0) and set(by_alpha) == {0.01, 1.0}


# -------------------------------------------------------------------- dev tasks
needs_shared_data = pytest.mark.skipif(
    not (config.ONET_DIR / "Task Statements.txt").exists(),
    reason="public reference data (shared/data) not available",
)


@needs_shared_data
@pytest.mark.parametrize(
    "name, n_queries, n_candidates",
    [("onet_tasks_to_occupation", 40, 1016),
     ("indonesian_description_to_occupation", 40, 100),
     ("indonesian_description_to_skill", 40, 120),
     ("foreign_title_to_occupation", 40, 1016)],
)  # fmt: skip
def test_new_dev_tasks_are_fixed_by_their_seed(name, n_queries, n_candidates):
    a, b = build_task(name, limit=40, seed=0), build_task(name, limit=40, seed=0)
    assert a.queries == b.queries and a.relevant == b.relevant
    assert len(a.queries) == n_queries and len(a.candidates) == n_candidates
    assert build_task(name, limit=40, seed=1).queries != a.queries


@needs_shared_data
def test_pseudo_ads_are_long_and_foreign_titles_are_mostly_routed_as_other():
    ads = build_task("onet_tasks_to_occupation", limit=30, seed=0)
    assert min(len(q.split()) for q in ads.queries) >= 40
    titles = build_task("foreign_title_to_occupation", limit=None, seed=0)
    assert len(titles.queries) >= 150
    other = [detect_language(q) is Language.OTHER for q in titles.queries]
    assert np.mean(other) >= 0.9
