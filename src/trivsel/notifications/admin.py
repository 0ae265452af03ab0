from __future__ import annotations

# Notifications are handled in Trivsel's own pages, where every read and write is logged;
# they are deliberately not registered in the admin.
