# Domain models arrive with their issues; see DESIGN.md for what this app will own.
