"""The figures, one module per notebook topic, in the house style of :mod:`analysis.publish.style`."""
