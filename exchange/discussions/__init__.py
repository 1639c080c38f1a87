"""Discussions in a community's workspace: members start them and reply, moderators keep order.

Never pages: they are in no search index, listing, feed, sitemap, page cache or API, and every
view of them asks `access.role_in` who the person is in the community first.
"""
