"""Every activation's forward rule f(x) with its derivative f'(x) written right beside it.

Plain numpy functions: x in, array of the same shape and float dtype out. The registry
(actlib/activations.py) declares each one with its parameters, LaTeX and properties.

Numerics stay finite and warning-free for |x| ≤ 1e4 in float32 and float64: exp only of
non-positive arguments, np.where over already-clamped branches, dtype kept. At a kink the
derivative is the value PyTorch's autograd returns (stated on the pages).

Every page draws f and f' together, so where the two share their expensive part (an exp,
erf or tanh), `<name>_value_and_grad` beside them returns both from one evaluation of it.
It uses the same expressions in the same order as f and f', so its results are identical
to calling the two (tests/unit/test_value_and_grad.py checks bit for bit).

Two modules by family, so neither passes ~400 lines once the fused rules sit beside f and
f': smooth.py (sigmoid, tanh, the ELU family, GELU, Swish/SiLU, Mish, Softplus, Softsign,
LogSigmoid, Tanhshrink; softmax) and piecewise.py (the rest). Everything public is
re-exported here: `actlib.functions.elu`, `F.SELU_SCALE`.
"""
from actlib.functions.piecewise import *  # noqa: F401,F403
from actlib.functions.smooth import *  # noqa: F401,F403
