"""Commands kept in modules of their own; each registers itself on ``drugkg.cli.app``."""
