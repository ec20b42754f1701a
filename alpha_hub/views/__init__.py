"""The foundation's pages: sign in and out, and the signed-in user's profile."""
