"""The networks, each batched over seeds; forward and backward go through the registry's fn
and grad (actlib.activations), never a copy of a formula.

    mlp, backprop   tiny dense nets (the course's Keras models in numpy), Adam
    perceptron      the course's step perceptron on the logic gates
    gates           the Gate networks page's models and success rates
    approx          the x² experiment: parallel vs serial ReLU nets
    datasets        the gates' truth tables and the course's x² data
    playground/     the Playground: data sets, features, the live trainer, import, export
"""
