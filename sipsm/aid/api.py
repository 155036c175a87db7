"""The aid API (/api/v1/aid/...): one router made of the lists, distribution, complaints and
proposals routers. Every endpoint uses the same access functions and actions as the pages."""

from ninja import Router

from sipsm.aid.api_complaints import router as complaints_router
from sipsm.aid.api_distribution import router as distribution_router
from sipsm.aid.api_lists import router as lists_router
from sipsm.aid.api_proposals import router as proposals_router

router = Router()
router.add_router("", lists_router)
router.add_router("", distribution_router)
router.add_router("", complaints_router)
router.add_router("", proposals_router)
