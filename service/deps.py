"""Request dependencies every feature's routes share, as ``Annotated`` aliases: the session (the
request owns its transaction), the settings, and a row id in a path.

Who is calling lives with the accounts (``service.accounts.deps``); whom they may see, and how
much, with the consent links (``service.athletes.access``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy.orm import Session

from service.config import Settings, get_settings
from service.db import get_session

SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]

#: The largest id a row can have (PostgreSQL ``integer``); larger ids in a path are refused (422)
#: before they reach the database, where they would overflow.
MAX_ROW_ID = 2_147_483_647
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
