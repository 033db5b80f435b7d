"""The record model, with no Sphinx: kinds, the format declared by the schemas, records, the catalogue.

==================  =================================================
``kinds``           the three kinds, their folders, identifiers
``french``          the French order and folding of text
``schema``          the JSON Schemas (the one declaration of the format)
``format``          the fields of each kind, derived from the schemas
``model``           records as the build keeps them
``catalogue``       all records, indexed for lookups
``vocabulary``      French labels of the coded values
==================  =================================================
"""
