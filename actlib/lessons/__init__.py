"""What the pages demonstrate, as plain functions of arrays (no training loops of their own
beyond the Depth page's small trainer).

    curves      x grids and sampled curves for the Explorer and Compare
    gradflow    products of derivatives through depth (vanishing and exploding gradients)
    numdiff     numerical vs analytic derivatives, the linear-layers collapse, softmax
    imaging     an activation applied to a photo, pixel by pixel
    depth/      the Depth page's four research results
"""
