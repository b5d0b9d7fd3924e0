"""The Bayesian model's compiled callbacks, cached on disk (liuzhi/estimate/compiled.py):
they must compute what PyTensor's own function computes, find each refit's data, refuse
data of the wrong size, and be what numba loads from its cache in a later compile."""

import ctypes

import numpy as np
import pytest
import scipy.special

from liuzhi.estimate import bayes, cells

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("needs_pymc")]


@pytest.fixture(scope="module")
def inputs(bundled_table):  # type: ignore[no-untyped-def]
    grid = cells.build(bundled_table)
    return bayes.prepare(grid, cells.exposure(bundled_table, "cases_filed", grid.years))


def _callback(model, x):  # type: ignore[no-untyped-def]
    """Call the log-density callback as nutpie does: (return code, log density, gradient)."""
    x = np.ascontiguousarray(x, dtype=float)
    grad, logp = np.zeros_like(x), np.zeros(())
    double_p = ctypes.POINTER(ctypes.c_double)
    code = model.compiled_logp_func.ctypes(
        ctypes.c_uint64(x.size), x.ctypes.data_as(double_p), grad.ctypes.data_as(double_p),
        logp.ctypes.data_as(double_p), ctypes.c_void_p(model.user_data.ctypes.data))
    return code, float(logp), grad


def _points(model, n: int = 4):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(1)
    start = model.initial_point_func(0)
    return [start + rng.normal(0, 0.3, start.shape) for _ in range(n)]


def test_the_callback_computes_what_pytensor_computes(inputs) -> None:  # type: ignore[no-untyped-def]
    model = bayes.compiled_for(inputs)
    for x in _points(model):
        code, logp, grad = _callback(model, x)
        want_logp, want_grad = model.logp_func(x)
        assert code == 0
        assert logp == pytest.approx(float(want_logp), rel=1e-12)
        np.testing.assert_allclose(grad, want_grad, rtol=1e-12)


def test_a_refit_s_data_reach_the_callback(inputs) -> None:  # type: ignore[no-untyped-def]
    model = bayes.compiled_for(inputs)
    changed = dict(inputs.data, anchor_value=inputs.data["anchor_value"] * 1.5)
    refit = model.with_data(packed=bayes.pack(changed))
    x = _points(model, 1)[0]
    assert _callback(refit, x)[1] != pytest.approx(_callback(model, x)[1])
    # and the original keeps its own data
    assert _callback(model, x)[1] == pytest.approx(float(model.logp_func(x)[0]), rel=1e-12)


def test_data_of_the_wrong_size_are_refused_not_read(inputs) -> None:  # type: ignore[no-untyped-def]
    model = bayes.compiled_for(inputs)
    short = model.with_data(packed=bayes.pack(inputs.data)[:-5])
    assert _callback(short, _points(model, 1)[0])[0] != 0


def test_a_second_compile_loads_the_callbacks_from_numba_s_cache(inputs) -> None:  # type: ignore[no-untyped-def]
    from liuzhi.estimate import compiled

    bayes.compiled_for(inputs)  # the first compile in this run stores them (if not stored)
    again = compiled.compile_model(bayes._build_model(inputs),
                                   initial_points={"level": bayes.ALPHA_PRIOR[0]},
                                   var_names=bayes.KEPT)
    assert again.compiled_logp_func.cache_hits == 1
    assert again.compiled_expand_func.cache_hits == 1


def test_the_special_functions_are_scipy_s_and_cacheable() -> None:
    import pytensor
    import pytensor.tensor as pt
    from pytensor.link.numba.dispatch.basic import numba_funcify_and_cache_key

    bayes._import()  # registers them
    k, x = pt.dvector("k"), pt.dvector("x")
    outputs = [pt.gammainc(k, x), pt.gammaincc(k, x), pt.psi(x)]
    function = pytensor.function([k, x], outputs, mode="NUMBA")
    ks, xs = np.array([0.5, 1.0, 27.0, 308.0, 1e7]), np.array([0.1, 3.0, 30.0, 250.0, 4e4])
    for got, want in zip(function(ks, xs), [scipy.special.gammainc(ks, xs),
                                             scipy.special.gammaincc(ks, xs),
                                             scipy.special.psi(xs)]):
        np.testing.assert_array_equal(got, want)
    # a graph that uses them gets a cache key (PyTensor's own translation gives None)
    assert numba_funcify_and_cache_key(function.maker.fgraph)[1] is not None


def test_a_failing_fast_path_falls_back_to_nutpie_s_public_compile(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An upgrade that renames a private helper must not take the Bayesian rung away: the
    compile falls back to nutpie's public compile_pymc_model with one clear warning, and
    the model it gives samples. (A small model keeps the uncached compile short.)"""
    import nutpie
    import pymc as pm
    from nutpie import compile_pymc as nc

    from liuzhi.estimate import compiled

    with pm.Model() as model:
        data = pm.Data("packed", np.array([1.0, 2.0, 3.0]))
        mu = pm.Normal("mu", 0, 10)
        pm.Normal("y", mu, 1, observed=data)
    def renamed(*args: object, **kwargs: object) -> None:  # as after a PyTensor upgrade
        raise ImportError("cannot import name 'CACHED_SRC_FUNCTIONS' from "
                          "'pytensor.link.numba.cache'")

    monkeypatch.setattr(compiled, "_callback", renamed)
    monkeypatch.setattr(compiled, "_warned", False)
    with pytest.warns(compiled.FastPathWarning, match="CACHED_SRC_FUNCTIONS.*public "
                      "compile_pymc_model") as caught:
        fallback = compiled.compile_model(model, initial_points={"mu": 0.0},
                                          var_names=("mu",))
        compiled.compile_model(model, initial_points={"mu": 0.0}, var_names=("mu",))
    assert len([w for w in caught if w.category is compiled.FastPathWarning]) == 1
    assert type(fallback) is nc.CompiledPyMCModel
    trace = nutpie.sample(fallback.with_data(packed=np.array([10.0, 11.0, 12.0])), draws=300,
                          tune=300, chains=1, seed=1, progress_bar=False)
    assert float(trace.posterior["mu"].mean()) == pytest.approx(11.0, abs=0.3)


def test_a_failing_special_function_hook_warns_and_keeps_pytensor_s_own(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from liuzhi.estimate import compiled

    def broken() -> None:
        raise ImportError("cannot import name '_call_cached_ptr'")

    monkeypatch.setattr(compiled, "_register_special_functions", broken)
    monkeypatch.setattr(compiled, "_warned", False)
    with pytest.warns(compiled.FastPathWarning, match="special functions.*_call_cached_ptr"):
        compiled.register_special_functions()  # warns, does not raise
