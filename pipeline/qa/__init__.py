"""Quality assurance: the checks on PO entries and the project statistics."""
