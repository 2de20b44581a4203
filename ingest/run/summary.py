"""What an ingest run reports: new, updated, unchanged, failed, skipped …"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Summary:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)   # (file, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    pruned: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, the document's path)
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0
    documents: int = 0

    def as_dict(self) -> dict:
        return {
            "new": len(self.new), "updated": len(self.updated),
            "unchanged": len(self.unchanged), "failed": [{"file": f, "reason": r} for f, r in self.failed],
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped],
            "duplicates": [{"file": f, "same_as": d} for f, d in self.duplicates],
            "pruned": len(self.pruned), "documents": self.documents,
            "notices": list(self.notices),
            "seconds": round(self.seconds, 2),
        }
