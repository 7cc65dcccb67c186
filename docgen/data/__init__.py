"""Data: the workspace's YAML files → one validated ``Dataset``, or every problem at once.

Owns reading (syntax, encodings, limits), the models, the Vietnamese explanation of each
problem, the checks across files and the rules read off the data (which signer, which day).
It never renders, never writes a document and knows nothing of templates or the register;
its only write is the validated-data cache under the workspace's cache folder.
"""
