"""The ``drugkg`` commands, one module each; :mod:`drugkg.cli` registers them on its app."""
