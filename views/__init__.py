"""One blueprint package per audience: thin views that parse, call a service, render."""
