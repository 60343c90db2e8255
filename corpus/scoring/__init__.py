"""The strict corpus scorer behind corpus/score.py (its docstring says what is scored
and how).  corpus/ is not a package: corpus/score.py loads this folder by path as the
package `corpus_scoring`, so the modules import each other relatively.

  compare.py   strict comparison of two values (null == NaN == "" only), hints, details
  load.py      truth files, the Parquet output, the rows of one document
  match.py     one document: doc facts, projects, indicators, values, fields; counts
               and metrics
  selfeval.py  self-evaluation funds, actual values, scores, deviations
  budget.py    budget tables: truth cells, canonical kinds, cell matching
  report.py    a whole output folder (evaluate), the text report, --check
"""
