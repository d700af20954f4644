// nothing at all
