"""The Depth page's experiments: depth and initialisation, four research results.

    sawtooth   Telgarsky 2016 (arXiv:1509.08101): the tent map composed k times, 2^k pieces
    regions    Hanin & Rolnick 2019 (arXiv:1901.09021): linear regions along a line
    born_dead  Lu, Shin, Su & Karniadakis 2019 (arXiv:1903.06733): nets constant at init
    signal     Glorot & Bengio 2010; He et al. 2015 (arXiv:1502.01852): variance by layer

Shared pieces: `inits` (weight initialisation schemes), `pwl` (exact breakpoints of a
piecewise-linear net along a line), `train` (a small batched trainer that takes any init).
Every activation comes from actlib.activations.REGISTRY.
"""
