"""The Assister Portal: the domain services and the Flask application that serves them."""
