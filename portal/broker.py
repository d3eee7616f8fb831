"""The embedded broker of `make run` (no REDIS_URL): kombu's filesystem transport, with messages written whole.

kombu's filesystem transport creates a message file and then writes it, while the consuming worker takes any
file named `<...>.<queue>.msg` it sees without the writer's lock: a worker polling at the wrong moment read an
empty file, failed to decode it and stopped for good ("Unrecoverable error: JSONDecodeError"), so no email or
sweep ran until a restart. Here a message is written under a name the worker skips and renamed into place once
complete (a rename within one folder is atomic), so the worker only ever sees whole messages.
"""

import os
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    # The stubs name the message `message` on kombu's base channel and `payload` on the filesystem one (both
    # subclasses of it); this matches the filesystem channel it replaces.
    def _put(self, queue: str, payload: dict[str, Any], **kwargs: Any) -> None:  # type: ignore[override]
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + ".partial"  # "<...>.<queue>.msg.partial": not a name the worker takes
        try:
            self._write(partial, str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc

    @staticmethod
    def _write(path, data: bytes):
        with open(path, "wb") as handle:
            handle.write(data)


class Transport(filesystem.Transport):
    Channel = Channel
