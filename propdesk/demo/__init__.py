"""``propdesk demo``: a realistic, deterministic demo database. Reference data goes in
through the services, orders through the import's bulk path; every order lives its life by
the domain's lifecycle and deadline rules (``orders``)."""
