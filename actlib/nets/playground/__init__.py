"""The Playground's network: 2-D data sets, input features, a small MLP trained epoch by epoch.

datasets.py  TF Playground's generators and ours (seeded), train/test split
features.py  TF's seven input features
net.py       forward/backward through the registry's fn and grad, losses, initialisations
train.py     optimisers, one epoch, per-epoch diagnostics, divergence
"""
