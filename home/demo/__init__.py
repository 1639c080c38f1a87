"""Demo content for local development and reviews: Dutch texts, generated images, demo logins."""
