"""The compiled Bayesian model, cached on disk so that a fresh process loads it.

nutpie samples a PyMC model through two C callbacks, the log density with its gradient
and the "expand" function that turns a draw into the traced variables. nutpie builds them
anew in every process, and numba cannot cache them there, for two reasons, both mended
here:

* PyTensor calls SciPy's special functions (the incomplete gammas of the bounded
  figures, the digamma in every negative-binomial gradient) through a raw function
  pointer, which numba refuses to cache. ``register_special_functions`` routes them
  through a pointer looked up when the compiled code first runs (PyTensor's own way
  for LAPACK). The arithmetic is SciPy's, unchanged.
* nutpie's callbacks are closures over this process's data. ``compile_model`` writes
  them as source keyed by the compiled log density's own cache key, so numba stores and
  finds them like any cached function.

On the bundled figures this took the fresh-process compile from 33 s to about 4 s (warm
cache); a cold cache compiles once, as before.

Both rest on private helpers of nutpie and PyTensor (``_make_functions``,
``_prepare_dims_and_coords``, ``_call_cached_ptr``, the numba dispatch registry). If an
upgrade renames or changes one, the fast path fails; the model is then compiled by
nutpie's public ``compile_pymc_model`` (slower to start, same draws' distribution), with
one ``FastPathWarning`` that says so. The Bayesian rung never disappears because of it.
"""

from __future__ import annotations

import ctypes
import warnings
from hashlib import sha256
from typing import Any

import numpy as np

#: SciPy functions the model uses (PyTensor op → SciPy name, number of arguments).
SPECIAL_FUNCTIONS = {"GammaInc": ("gammainc", 2), "GammaIncC": ("gammaincc", 2),
                     "Psi": ("psi", 1)}
#: Bump when the generated code changes, so old cache entries are never reused.
VERSION = 1

_registered = False
_warned = False


class FastPathWarning(UserWarning):
    """The cached fast path failed and nutpie's public compile is used instead."""


def _fall_back(step: str, error: BaseException) -> None:
    """Warn once per process that the fast path failed, naming the step and the error."""
    global _warned
    if _warned:
        return
    _warned = True
    warnings.warn(FastPathWarning(
        f"The Bayesian model's cached fast path failed at {step} ({type(error).__name__}: "
        f"{error}); compiling with nutpie's public compile_pymc_model instead, which is "
        "slower to start but gives the same model. This usually means nutpie or PyTensor "
        "was upgraded past the versions pinned in pyproject.toml."), stacklevel=3)


def _address(capi_name: str) -> int:
    """The C address of a ``scipy.special.cython_special`` function (called in object
    mode, once per process, when the compiled code first needs it)."""
    import scipy.special.cython_special as cython_special

    capsule = cython_special.__pyx_capi__[capi_name]
    get_name = ctypes.pythonapi.PyCapsule_GetName
    get_name.restype, get_name.argtypes = ctypes.c_char_p, (ctypes.py_object,)
    get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
    get_pointer.restype = ctypes.c_void_p
    get_pointer.argtypes = (ctypes.py_object, ctypes.c_char_p)
    return int(get_pointer(capsule, get_name(capsule)))


def _special_kernel(name: str, arity: int) -> tuple[Any, str]:
    """A numba kernel calling SciPy's ``name`` on float64 arguments, and its cache key."""
    import numba
    import scipy.special.cython_special as cython_special
    from numba.core import types
    from pytensor.link.numba.cache import _call_cached_ptr
    from pytensor.link.numba.dispatch import basic as numba_basic
    from pytensor.link.numba.dispatch.cython_support import wrap_cython_function

    wrapper = wrap_cython_function(getattr(cython_special, name), np.float64,
                                   [np.float64] * arity)
    capi_name = next(key for key, capsule in cython_special.__pyx_capi__.items()
                     if capsule is wrapper._keep_alive)
    function_type = types.FunctionType(wrapper.signature())
    pointer_name = f"liuzhi.scipy.special.{capi_name}"
    skip_dispatch = wrapper.has_pyx_skip_dispatch()
    one = np.intc(1)  # cython's __pyx_skip_dispatch flag, where the signature has one

    @numba_basic.numba_njit
    def pointer() -> int:
        with numba.objmode(ptr=types.intp):
            ptr = _address(capi_name)
        return ptr

    @numba_basic.numba_njit
    def function() -> Any:
        return _call_cached_ptr(get_ptr_func=pointer, func_type_ref=function_type,
                                unique_func_name_lit=pointer_name)

    def unary(x):  # type: ignore[no-untyped-def]
        f = function()
        return f(float(x), one) if skip_dispatch else f(float(x))

    def binary(x, y):  # type: ignore[no-untyped-def]
        f = function()
        return f(float(x), float(y), one) if skip_dispatch else f(float(x), float(y))

    kernel = unary if arity == 1 else binary
    key = sha256(str(("liuzhi", VERSION, capi_name, str(wrapper.signature()),
                      skip_dispatch)).encode()).hexdigest()
    return numba_basic.numba_njit(kernel), key


def register_special_functions() -> None:
    """Route PyTensor's numba translation of SPECIAL_FUNCTIONS (float64 only; anything
    else keeps PyTensor's own, uncached) through ``_special_kernel``. Idempotent. If
    PyTensor's private hooks have changed, warn and keep PyTensor's own translation."""
    try:
        _register_special_functions()
    except Exception as error:  # any failure of private API: PyTensor's own path still works
        _fall_back("registering SciPy's special functions", error)


def _register_special_functions() -> None:
    global _registered
    if _registered:
        return
    from pytensor.link.numba.dispatch.basic import (
        numba_funcify_and_cache_key,
        register_funcify_and_cache_key,
    )
    from pytensor.scalar import math as scalar_math
    from pytensor.scalar.basic import ScalarOp

    default = numba_funcify_and_cache_key.dispatch(ScalarOp)
    for op_name, (name, arity) in SPECIAL_FUNCTIONS.items():
        kernel, key = _special_kernel(name, arity)

        def funcify(op: Any, node: Any = None, kernel: Any = kernel, key: str = key,
                    **kwargs: Any) -> tuple[Any, str | None]:
            if any(str(v.type.dtype) != "float64" for v in node.inputs + node.outputs):
                return default(op, node=node, **kwargs)
            return kernel, key

        register_funcify_and_cache_key(getattr(scalar_math, op_name))(funcify)
    _registered = True


# The two callbacks nutpie calls, as source. Every model input is a float64 vector (the
# Bayesian model packs its arrays into one); its address and length come from nutpie's
# user data, which ``with_data`` rewrites for each refit.
_LOGP = """
def logp_callback(dim, x_, out_, logp_, user_data_):
    if dim != {n_dim}:
        return -1
    user_data = numba.carray(user_data_, (), record_dtype)
{unpack}
    try:
        x = numba.carray(x_, ({n_dim},))
        out = numba.carray(out_, ({n_dim},))
        logp = numba.carray(logp_, ())
        logp_value, grad = inner(x{arrays})
        logp[()] = logp_value
        out[:] = grad
        if not np.all(np.isfinite(out)):
            return 3
        if not np.isfinite(logp_value):
            return 4
    except Exception:
        return 1
    return 0
"""

_EXPAND = """
def expand_callback(dim, expanded, x_, out_, user_data_):
    if dim != {n_dim} or expanded != {n_expanded}:
        return -1
    user_data = numba.carray(user_data_, (), record_dtype)
{unpack}
    try:
        x = numba.carray(x_, ({n_dim},))
        out = numba.carray(out_, ({n_expanded},))
        (values,) = inner(x{arrays})
        out[:] = values
    except Exception:
        return -2
    return 0
"""


def _unpack(names: list[str], sizes: dict[str, int]) -> tuple[str, str]:
    """Source lines that view each input in the user data, checking its length."""
    lines, arrays = [], ""
    for k, name in enumerate(names):
        lines.append(f'    if user_data["shared"]["size"]["{name}"][()] != {sizes[name]}:\n'
                     f"        return -1\n"
                     f'    a{k} = numba.carray(address_as_void_pointer('
                     f'user_data["shared"]["data"]["{name}"][()]), ({sizes[name]},), np.float64)')
        arrays += f", a{k}"
    return "\n".join(lines), arrays


def _callback(template: str, name: str, function: Any, shared: list[str], sizes: dict[str, int],
              record_dtype: np.dtype, signature: Any, **numbers: int) -> Any | None:
    """A cached numba cfunc from ``template``; None when PyTensor could not cache
    ``function`` itself (its own key is part of ours)."""
    import numba
    from nutpie.compile_pymc import address_as_void_pointer
    from pytensor.link.numba.cache import CACHED_SRC_FUNCTIONS, compile_numba_function_src

    inner_key = CACHED_SRC_FUNCTIONS.get(function.py_func)
    if inner_key is None:
        return None
    unpack, arrays = _unpack(shared, sizes)
    source = template.format(unpack=unpack, arrays=arrays, **numbers)
    key = sha256(str((VERSION, inner_key, source, record_dtype.descr)).encode()).hexdigest()
    py_func = compile_numba_function_src(
        source, name, {"__name__": __name__, "numba": numba, "np": np, "record_dtype": record_dtype,
                       "address_as_void_pointer": address_as_void_pointer, "inner": function},
        cache_key=key)
    return numba.cfunc(signature, cache=True)(py_func)


def compile_model(model: Any, *, initial_points: dict[str, float],
                  var_names: tuple[str, ...]) -> Any:
    """nutpie's ``compile_pymc_model(model, backend="numba", freeze_model=False, …)``,
    with callbacks numba caches on disk. Falls back to nutpie's own when a callback
    cannot be cached or an input is not a float64 vector, and, with a FastPathWarning,
    when the fast path fails in any way."""
    import nutpie

    try:
        fast = _compile_fast(model, initial_points=initial_points, var_names=var_names)
    except Exception as error:  # private API moved: the public compile still works
        _fall_back("compiling the cached callbacks", error)
        fast = None
    if fast is not None:
        return fast
    return nutpie.compile_pymc_model(model, backend="numba", freeze_model=False,
                                     initial_points=initial_points, var_names=var_names)


def _compile_fast(model: Any, *, initial_points: dict[str, float],
                  var_names: tuple[str, ...]) -> Any | None:
    """The cached compile, or None when it does not apply to this model."""
    import numba
    from nutpie import compile_pymc as nc
    from pymc.initial_point import make_initial_point_fn

    register_special_functions()
    point_fn = nc._wrap_with_lock(make_initial_point_fn(
        model=model, overrides=initial_points, default_strategy="support_point",
        jitter_rvs=set(model.free_RVs), return_transformed=True))
    n_dim, n_expanded, logp_pt, expand_pt, initial_point_fn, shape_info = nc._make_functions(
        model, mode="NUMBA", compute_grad=True, join_expanded=True,
        pymc_initial_point_fn=point_fn, var_names=var_names)
    shared_vars = {v.name: v for v in [*logp_pt.get_shared(), *expand_pt.get_shared()]}
    shared_data = {name: np.array(v.get_value(), order="C", copy=True)
                   for name, v in shared_vars.items()}
    if any(a.ndim != 1 or a.dtype != np.float64 for a in shared_data.values()):
        return None
    for value in shared_data.values():
        value.flags.writeable = False
    user_data = nc.make_user_data(shared_vars, shared_data)
    sizes = {name: a.size for name, a in shared_data.items()}
    pointer = numba.types.CPointer(numba.types.double)
    u64 = numba.types.uint64
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=numba.NumbaWarning)
        logp = _callback(_LOGP, "logp_callback", logp_pt.vm.jit_fn,
                         [v.name for v in logp_pt.get_shared()], sizes, user_data.dtype,
                         numba.types.int64(u64, pointer, pointer, pointer, numba.types.voidptr),
                         n_dim=n_dim)
        expand = _callback(_EXPAND, "expand_callback", expand_pt.vm.jit_fn,
                           [v.name for v in expand_pt.get_shared()], sizes, user_data.dtype,
                           numba.types.int64(u64, u64, pointer, pointer, numba.types.voidptr),
                           n_dim=n_dim, n_expanded=n_expanded)
    if logp is None or expand is None:
        return None
    dims, coords = nc._prepare_dims_and_coords(model, shape_info)
    return nc.CompiledPyMCModel(
        _n_dim=n_dim, dims=dims, _coords=coords,
        _shapes={name: tuple(shape) for name, _, shape in zip(*shape_info)},
        compiled_logp_func=logp, compiled_expand_func=expand,
        initial_point_func=initial_point_fn, shared_data=shared_data, user_data=user_data,
        n_expanded=n_expanded, shape_info=shape_info, logp_func=logp_pt, expand_func=expand_pt)
