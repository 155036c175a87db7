"""The aid API (/api/v1/aid/...): one router made of the lists, distribution and complaints
routers. Every endpoint uses the same access functions and actions as the pages."""

from ninja import Router

from sipsm.aid.api_complaints import router as complaints_router
from sipsm.aid.api_distribution import router as distribution_router
from sipsm.aid.api_lists import router as lists_router

router = Router()
router.add_router("", lists_router)
router.add_router("", distribution_router)
router.add_router("", complaints_router)
