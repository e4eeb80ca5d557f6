"""Case passphrase, encryption by default, and the lock screen."""
