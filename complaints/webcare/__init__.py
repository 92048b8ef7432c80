"""The company side: claims, representatives, the webcare inbox, profile and team."""
