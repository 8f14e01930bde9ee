"""The course's ipywidgets explorers, each a one-line call in a notebook.

    from backprop.explorers import init_explorer
    init_explorer()                      # lesson 04: initialization and variance propagation

    from backprop.explorers import optimizer_playground
    optimizer_playground()               # lesson 05: optimizers on 2-D surfaces

Imports are lazy, so importing this package costs nothing until an explorer is used.
"""

from importlib import import_module

__all__ = ["init_explorer", "InitExplorer", "optimizer_playground", "OptimizerPlayground"]

_WHERE = {
    "init_explorer": "init_explorer",
    "InitExplorer": "init_explorer",
    "optimizer_playground": "optim_playground",
    "OptimizerPlayground": "optim_playground",
}


def __getattr__(name):
    if name in _WHERE:
        module = import_module(f"{__name__}.{_WHERE[name]}")
        # Importing the submodule init_explorer.py binds its name here; rebind the public names
        # so `from backprop.explorers import init_explorer` gives the function, not the module
        # (the module itself: `from backprop.explorers.init_explorer import InitExplorer`).
        for public, where in _WHERE.items():
            if where == _WHERE[name]:
                globals()[public] = getattr(module, public)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
