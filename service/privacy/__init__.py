"""The data-protection rights over a whole account: the export of everything stored about a
person (GDPR Art. 15 and 20) and the erasure of it (Art. 17), which reach every feature's tables
and the provider grants, so this package sits above the features it walks."""
