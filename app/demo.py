"""`flask --app wsgi demo load`: real Shanghai venues and demo accounts, loaded idempotently.

Venues are matched by slug and accounts by email, so running the command again changes
nothing; edited demo data is brought back to what is written here. Venue data goes through the
same schema and service as the API, so it obeys the same rules.
"""

from dataclasses import dataclass
from datetime import datetime

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app import clock
from app.auth.models import Role, User
from app.auth.passwords import password_matches
from app.auth.service import create_user, find_user_by_email, set_password
from app.extensions import db
from app.times import to_utc
from app.venues import service
from app.venues.models import Closure, Venue
from app.venues.schemas import VenueCreateIn

demo_cli = AppGroup("demo", help="Demonstration data.")

HUANGPU, YANGPU = "Huangpu", "Yangpu"
DAILY = range(7)
TUESDAY_TO_SUNDAY = range(1, 7)
WEEKDAYS = range(5)


@dataclass(frozen=True)
class DemoUser:
    email: str
    password: str
    display_name: str
    role: Role
    locale: str = "en"


ADMIN = DemoUser("admin@example.com", "admin-demo-2026", "Site Admin", Role.ADMIN)
MANAGER_HUANGPU = DemoUser("li.na@example.com", "manager-huangpu-2026", "Li Na", Role.MANAGER, "zh-CN")
MANAGER_YANGPU = DemoUser("zhang.wei@example.com", "manager-yangpu-2026", "Zhang Wei", Role.MANAGER)
DEMO_USERS = (
    ADMIN, MANAGER_HUANGPU, MANAGER_YANGPU,
    DemoUser("chen.xi@example.com", "creator-chen-2026", "Chen Xi", Role.CREATOR, "zh-CN"),
    DemoUser("maya.lopez@example.com", "creator-maya-2026", "Maya Lopez", Role.CREATOR),
)


def hours(days: range | tuple[int, ...], *spans: tuple[str, str]) -> list[dict]:
    return [{"weekday": day, "open": opens, "close": closes} for day in days for opens, closes in spans]


def venue(slug: str, name: str, name_zh: str, kind: str, district: str, cluster: str | None,
          address: str, position: tuple[float, float], capacity: int, description: str,
          description_zh: str, amenities: list[str], opening_hours: list[dict], rules: dict,
          managers: tuple[DemoUser, ...]) -> dict:
    return {"managers": managers, "data": {
        "slug": slug, "name": name, "name_zh": name_zh, "kind": kind, "district": district,
        "cluster": cluster, "address": address, "latitude": position[0], "longitude": position[1],
        "capacity": capacity, "description": description, "description_zh": description_zh,
        "amenities": amenities, "opening_hours": opening_hours, "rules": rules}}


DEMO_VENUES = (
    # ---- around Red Note's headquarters (SOHO Fuxing Plaza, Huangpu) ----
    venue("the-bund-promenade", "The Bund Promenade", "外滩观景平台", "landmark", "Huangpu", HUANGPU,
          "Zhongshan East 1st Road, Huangpu District", (31.2400, 121.4903), 30,
          "The riverside walk facing the Lujiazui skyline; permitted crews shoot on the raised "
          "promenade outside peak hours.",
          "面向陆家嘴天际线的滨江步道，持许可的拍摄团队可在非高峰时段于观景平台拍摄。",
          ["outdoor", "night_view", "power_outlet"], hours(DAILY, ("06:00", "23:00")),
          {"slot_minutes": 60, "min_duration_minutes": 60, "max_duration_minutes": 180,
           "lead_time_minutes": 2 * 24 * 60, "requires_approval": True, "competing_requests": True,
           "max_concurrent": 3, "pending_expiry_hours": 24, "max_active_per_creator": 2},
          (MANAGER_HUANGPU,)),
    venue("bund-18", "Bund 18", "外滩十八号", "fashion_space", "Huangpu", HUANGPU,
          "18 Zhongshan East 1st Road, Huangpu District", (31.2386, 121.4905), 120,
          "A restored 1923 bank building whose galleries and rooftop host fashion launches and "
          "lookbook shoots.",
          "修复后的1923年银行大楼，其展厅与屋顶露台常用于时装发布和画册拍摄。",
          ["rooftop", "dressing_room", "wifi", "sound_system"],
          hours(DAILY, ("10:00", "22:00")),
          {"slot_minutes": 60, "min_duration_minutes": 120, "max_duration_minutes": 600,
           "buffer_minutes": 60, "requires_approval": True, "lead_time_minutes": 3 * 24 * 60},
          (MANAGER_HUANGPU,)),
    venue("yu-garden", "Yu Garden", "豫园", "landmark", "Huangpu", HUANGPU,
          "218 Anren Street, Huangpu District", (31.2272, 121.4921), 15,
          "A Ming dynasty garden of rockeries, ponds and pavilions; small crews only, before the "
          "crowds arrive.",
          "明代江南古典园林，假山、池塘与亭台错落；仅接待小型拍摄团队，需在游客高峰前完成。",
          ["historic_site", "outdoor"], hours(TUESDAY_TO_SUNDAY, ("09:00", "16:30")),
          {"slot_minutes": 30, "min_duration_minutes": 60, "max_duration_minutes": 120,
           "requires_approval": True, "competing_requests": True, "lead_time_minutes": 24 * 60},
          (MANAGER_HUANGPU,)),
    venue("shanghai-museum-peoples-square", "Shanghai Museum (People's Square)", "上海博物馆（人民广场馆）",
          "museum", "Huangpu", HUANGPU, "201 Renmin Avenue, Huangpu District", (31.2283, 121.4755), 20,
          "China's great collection of bronzes, ceramics and calligraphy in a building shaped like an "
          "ancient ding vessel.",
          "以青铜器、陶瓷和书画收藏闻名的博物馆，建筑造型取自古代鼎器。",
          ["wheelchair_access", "cloakroom", "no_flash"], hours(TUESDAY_TO_SUNDAY, ("09:00", "17:00")),
          {"slot_minutes": 60, "min_duration_minutes": 60, "max_duration_minutes": 240,
           "buffer_minutes": 30, "requires_approval": True, "lead_time_minutes": 3 * 24 * 60,
           "max_active_per_creator": 1},
          (MANAGER_HUANGPU,)),
    venue("shanghai-museum-east", "Shanghai Museum East", "上海博物馆东馆", "museum", "Pudong", None,
          "1952 Century Avenue, Pudong New Area", (31.2219, 121.5440), 25,
          "The museum's new eastern branch on Century Avenue, with bright halls for ancient Chinese "
          "art and a rooftop garden.",
          "上海博物馆位于世纪大道的新馆，宽敞明亮的展厅陈列中国古代艺术，并设有屋顶花园。",
          ["wheelchair_access", "cloakroom", "cafe"], hours(TUESDAY_TO_SUNDAY, ("09:00", "17:00")),
          {"slot_minutes": 60, "min_duration_minutes": 60, "max_duration_minutes": 240,
           "buffer_minutes": 30, "requires_approval": True, "lead_time_minutes": 3 * 24 * 60},
          ()),
    venue("power-station-of-art", "Power Station of Art", "上海当代艺术博物馆", "museum", "Huangpu", HUANGPU,
          "200 Huayuangang Road, Huangpu District", (31.2050, 121.4935), 40,
          "China's first state-run contemporary art museum, in the former Nanshi power plant with "
          "its 165-metre chimney.",
          "中国首家公立当代艺术博物馆，由南市发电厂改建，保留165米高的烟囱。",
          ["wheelchair_access", "cafe", "large_hall"], hours(TUESDAY_TO_SUNDAY, ("11:00", "19:00")),
          {"slot_minutes": 60, "min_duration_minutes": 120, "max_duration_minutes": 480,
           "buffer_minutes": 60, "requires_approval": True, "closed_on_public_holidays": True},
          (MANAGER_HUANGPU,)),
    venue("tianzifang", "Tianzifang", "田子坊", "street_block", "Huangpu", HUANGPU,
          "Lane 210 Taikang Road, Huangpu District", (31.2106, 121.4694), 10,
          "A maze of shikumen alleys turned into studios, cafes and craft shops.",
          "由石库门弄堂改造而成的创意街区，遍布工作室、咖啡馆和手作小店。",
          ["outdoor", "historic_site", "cafe"], hours(DAILY, ("10:00", "22:00")),
          {"slot_minutes": 30, "min_duration_minutes": 30, "max_duration_minutes": 180,
           "max_concurrent": 4},
          (MANAGER_HUANGPU,)),
    venue("xintiandi", "Xintiandi", "新天地", "commercial", "Huangpu", HUANGPU,
          "Lane 181 Taicang Road, Huangpu District", (31.2194, 121.4751), 60,
          "Restored shikumen houses with boutiques, terraces and a plaza for brand activations.",
          "修复的石库门建筑群，汇集精品店、露台餐厅及可举办品牌活动的广场。",
          ["outdoor", "power_outlet", "wifi"], hours(DAILY, ("10:00", "23:00")),
          {"slot_minutes": 60, "min_duration_minutes": 60, "max_duration_minutes": 480,
           "buffer_minutes": 30, "requires_approval": True, "max_concurrent": 2},
          (MANAGER_HUANGPU,)),
    venue("wukang-road", "Wukang Road and Wukang Mansion", "武康路与武康大楼", "street_block",
          "Xuhui", HUANGPU, "1842 Middle Huaihai Road, Xuhui District", (31.2046, 121.4384), 8,
          "The plane-tree lined street of the former French Concession, ending at the flat-iron "
          "Wukang Mansion.",
          "原法租界梧桐掩映的街道，尽头是船形的武康大楼。",
          ["outdoor", "historic_site"], hours(DAILY, ("07:00", "20:00")),
          {"slot_minutes": 30, "min_duration_minutes": 30, "max_duration_minutes": 120,
           "max_concurrent": 3, "competing_requests": True, "requires_approval": True},
          (MANAGER_HUANGPU,)),
    venue("west-bund-art-center", "West Bund Art Center", "西岸艺术中心", "exhibition", "Xuhui", HUANGPU,
          "2555 Longteng Avenue, Xuhui District", (31.1770, 121.4600), 300,
          "A former aircraft factory hangar on the Xuhui riverside, home to art fairs and large "
          "exhibitions.",
          "由原飞机制造厂机库改建的展览空间，位于徐汇滨江，举办艺博会和大型展览。",
          ["large_hall", "loading_dock", "power_outlet", "wifi"],
          hours(TUESDAY_TO_SUNDAY, ("10:00", "18:00")),
          {"slot_minutes": 60, "min_duration_minutes": 240, "max_duration_minutes": 720,
           "buffer_minutes": 120, "requires_approval": True, "closed_on_public_holidays": True,
           "lead_time_minutes": 7 * 24 * 60, "horizon_days": 365},
          ()),
    venue("fuxing-live-room-a", "Fuxing Live Room A", "复兴直播间A", "livestream_room", "Huangpu", HUANGPU,
          "SOHO Fuxing Plaza, 388 Madang Road, Huangpu District", (31.2154, 121.4735), 4,
          "A soundproofed live-commerce room with a product wall, two cameras and a streaming PC; "
          "evening sessions run past midnight.",
          "隔音直播间，配商品陈列墙、双机位和推流电脑；晚间场次可延至凌晨。",
          ["green_screen", "ring_light", "streaming_pc", "wifi"],
          hours(DAILY, ("10:00", "18:00"), ("20:00", "02:00")),
          {"slot_minutes": 30, "min_duration_minutes": 60, "max_duration_minutes": 360,
           "buffer_minutes": 15, "lead_time_minutes": 60, "max_active_per_creator": 4},
          (MANAGER_HUANGPU,)),
    venue("xintiandi-live-commerce-studio", "Xintiandi Live Commerce Studio", "新天地直播带货工作室",
          "livestream_room", "Huangpu", HUANGPU, "Lane 181 Taicang Road, Huangpu District",
          (31.2190, 121.4745), 6,
          "Three identical live sets behind one door; morning, afternoon and late-night blocks with "
          "a lunch break for cleaning.",
          "一扇门后三套相同的直播场景，分上午、下午和深夜三个时段，午间清洁。",
          ["ring_light", "streaming_pc", "product_shelf", "wifi"],
          hours(WEEKDAYS, ("09:00", "12:00"), ("13:30", "18:00"), ("20:00", "02:00"))
          + hours((5, 6), ("13:30", "18:00"), ("20:00", "02:00")),
          {"slot_minutes": 30, "min_duration_minutes": 60, "max_duration_minutes": 240,
           "buffer_minutes": 15, "max_concurrent": 3},
          (MANAGER_HUANGPU,)),
    venue("sinan-recording-studio", "Sinan Recording Studio", "思南录音棚", "recording_studio", "Huangpu",
          HUANGPU, "Sinan Mansions, 51 Sinan Road, Huangpu District", (31.2143, 121.4668), 6,
          "A tracking room and vocal booth in a garden villa, with a Neve console and a grand piano.",
          "花园洋房中的录音室和人声录音间，配备Neve调音台与三角钢琴。",
          ["vocal_booth", "piano", "mixing_console", "wifi"], hours(DAILY, ("10:00", "22:00")),
          {"slot_minutes": 60, "min_duration_minutes": 120, "max_duration_minutes": 600,
           "buffer_minutes": 30, "requires_approval": True, "pending_expiry_hours": 24},
          (MANAGER_HUANGPU,)),
    venue("bridge-8-photo-studio", "Bridge 8 Photo Studio", "八号桥摄影棚", "photo_studio",
          "Huangpu", HUANGPU, "Bridge 8, 10 Middle Jianguo Road, Huangpu District", (31.2091, 121.4713), 15,
          "Two daylight sets with a cyclorama wall in a converted car factory.",
          "由旧汽车厂房改建，设两个自然光影棚和一面无影墙。",
          ["cyclorama", "strobe_lights", "dressing_room", "wifi"],
          hours(WEEKDAYS, ("09:00", "21:00")) + hours((5,), ("10:00", "18:00")),
          {"slot_minutes": 30, "min_duration_minutes": 60, "max_duration_minutes": 480,
           "buffer_minutes": 15, "max_concurrent": 2, "closed_on_public_holidays": True},
          (MANAGER_HUANGPU,)),
    # ---- elsewhere in the centre ----
    venue("1933-laoyangfang", "1933 Laoyangfang", "1933老场坊", "fashion_space", "Hongkou", None,
          "10 Shajing Road, Hongkou District", (31.2603, 121.4917), 200,
          "A 1933 art-deco abattoir of concrete ramps and bridges, now a stage for fashion shows.",
          "建于1933年的装饰艺术风格屠宰场，廊桥与坡道交错，如今是时装秀场。",
          ["runway", "dressing_room", "sound_system", "large_hall"], hours(DAILY, ("10:00", "22:00")),
          {"slot_minutes": 60, "min_duration_minutes": 120, "max_duration_minutes": 720,
           "buffer_minutes": 60, "requires_approval": True, "competing_requests": True},
          (MANAGER_YANGPU,)),
    venue("columbia-circle", "Columbia Circle", "上生新所", "commercial", "Changning", None,
          "1262 West Yan'an Road, Changning District", (31.2107, 121.4207), 80,
          "The former Columbia Country Club, with a 1920s swimming pool, lawns and a bookstore.",
          "原哥伦比亚乡村俱乐部，保留1920年代泳池、草坪，并设有书店。",
          ["outdoor", "pool", "cafe", "wifi"], hours(DAILY, ("09:00", "21:00")),
          {"slot_minutes": 60, "min_duration_minutes": 60, "max_duration_minutes": 360,
           "requires_approval": True, "max_concurrent": 2},
          ()),
    # ---- around Bilibili's headquarters (Guozheng Center, Yangpu) ----
    venue("yangpu-riverside", "Yangpu Riverside", "杨浦滨江", "landmark", "Yangpu", YANGPU,
          "Yangshupu Road (Yangshupu Waterworks section), Yangpu District", (31.2570, 121.5290), 30,
          "Five kilometres of industrial riverside turned into a park of cranes, docks and brick "
          "waterworks.",
          "五公里长的工业岸线改造为滨江公园，塔吊、码头与红砖水厂相映成趣。",
          ["outdoor", "night_view", "industrial"], hours(DAILY, ("06:00", "22:00")),
          {"slot_minutes": 60, "min_duration_minutes": 60, "max_duration_minutes": 240,
           "requires_approval": True, "competing_requests": True, "max_concurrent": 2,
           "lead_time_minutes": 24 * 60},
          (MANAGER_YANGPU,)),
    venue("shanghai-fashion-center", "Shanghai International Fashion Center", "上海国际时尚中心",
          "fashion_space", "Yangpu", YANGPU, "2866 Yangshupu Road, Yangpu District", (31.2688, 121.5506), 400,
          "The former Shanghai No. 17 Cotton Mill, with a riverside runway hall used during "
          "Shanghai Fashion Week.",
          "原上海第十七棉纺厂，滨江秀场是上海时装周的举办地之一。",
          ["runway", "dressing_room", "sound_system", "large_hall", "loading_dock"],
          hours(DAILY, ("09:00", "22:00")),
          {"slot_minutes": 60, "min_duration_minutes": 240, "max_duration_minutes": 720,
           "buffer_minutes": 120, "requires_approval": True, "lead_time_minutes": 7 * 24 * 60,
           "horizon_days": 365},
          (MANAGER_YANGPU,)),
    venue("hopson-one-wujiaochang", "Hopson One Wujiaochang", "五角场合生汇", "commercial", "Yangpu", YANGPU,
          "1099 Xiangyin Road, Yangpu District", (31.3052, 121.5192), 50,
          "A mall at the Wujiaochang crossing with an atrium stage for pop-ups and fan meetings.",
          "位于五角场的购物中心，中庭舞台可举办快闪活动和粉丝见面会。",
          ["stage", "sound_system", "wifi"], hours(DAILY, ("10:00", "22:00")),
          {"slot_minutes": 60, "min_duration_minutes": 60, "max_duration_minutes": 480,
           "buffer_minutes": 60, "requires_approval": True},
          (MANAGER_YANGPU,)),
    venue("changyang-valley-hall", "Changyang Valley Exhibition Hall", "长阳创谷展厅", "exhibition", "Yangpu",
          YANGPU, "2588 Changyang Road, Yangpu District", (31.2668, 121.5369), 150,
          "A hall in a century-old textile machinery works, now a start-up campus, for shows and "
          "game launches.",
          "百年纺织机械厂改建的创业园区中的展厅，适合展览和游戏发布会。",
          ["large_hall", "projector", "wifi", "loading_dock"], hours(WEEKDAYS, ("09:00", "19:00")),
          {"slot_minutes": 60, "min_duration_minutes": 120, "max_duration_minutes": 600,
           "buffer_minutes": 60, "requires_approval": True, "closed_on_public_holidays": True},
          (MANAGER_YANGPU,)),
    venue("fudan-university-museum", "Fudan University Museum", "复旦大学博物馆", "museum", "Yangpu", YANGPU,
          "220 Handan Road, Yangpu District", (31.2990, 121.5030), 12,
          "The university's collection of archaeology and anthropology, from Taiwanese indigenous "
          "artefacts to Shanghai ceramics.",
          "复旦大学的考古与人类学收藏，从台湾原住民文物到上海地区陶瓷。",
          ["no_flash", "wheelchair_access"], hours(TUESDAY_TO_SUNDAY, ("09:00", "16:30")),
          {"slot_minutes": 60, "min_duration_minutes": 60, "max_duration_minutes": 180,
           "requires_approval": True, "closed_on_public_holidays": True, "max_active_per_creator": 1},
          (MANAGER_YANGPU,)),
    venue("zhengli-live-room-1", "Zhengli Road Live Room 1", "政立路直播间1号", "livestream_room", "Yangpu",
          YANGPU, "Guozheng Center, 485 Zhengli Road, Yangpu District", (31.3110, 121.5110), 3,
          "A game-streaming room next to Bilibili's headquarters: dual-PC setup, capture cards and "
          "acoustic panels; the night block runs to 02:00.",
          "紧邻哔哩哔哩总部的游戏直播间：双电脑推流、采集卡和吸音板；夜间时段至凌晨两点。",
          ["streaming_pc", "capture_card", "acoustic_panels", "wifi"],
          hours(DAILY, ("12:00", "18:00"), ("20:00", "02:00")),
          {"slot_minutes": 30, "min_duration_minutes": 60, "max_duration_minutes": 360,
           "buffer_minutes": 15, "lead_time_minutes": 30, "competing_requests": True,
           "requires_approval": True, "pending_expiry_hours": 12},
          (MANAGER_YANGPU,)),
    venue("xinjiangwan-vtuber-room", "Xinjiangwan VTuber Room", "新江湾虚拟主播间", "livestream_room",
          "Yangpu", YANGPU, "Xinjiangwan Town, Yangpu District", (31.3270, 121.5060), 2,
          "A motion-capture room for virtual streamers, open around the clock.",
          "供虚拟主播使用的动作捕捉直播间，全天候开放。",
          ["motion_capture", "green_screen", "streaming_pc", "wifi"],
          hours(DAILY, ("00:00", "12:00"), ("12:00", "00:00")),
          {"slot_minutes": 60, "min_duration_minutes": 60, "max_duration_minutes": 480,
           "buffer_minutes": 30, "max_active_per_creator": 3},
          (MANAGER_YANGPU,)),
    venue("guozheng-recording-studio", "Guozheng Recording Studio", "国正录音棚", "recording_studio",
          "Yangpu", YANGPU, "Guozheng Center, 485 Zhengli Road, Yangpu District", (31.3112, 121.5113), 5,
          "A voice-over and music studio for dubbing, podcasts and virtual idol songs.",
          "用于配音、播客和虚拟偶像歌曲录制的录音棚。",
          ["vocal_booth", "mixing_console", "podcast_kit", "wifi"],
          hours(WEEKDAYS, ("10:00", "22:00")) + hours((5, 6), ("12:00", "20:00")),
          {"slot_minutes": 30, "min_duration_minutes": 60, "max_duration_minutes": 480,
           "buffer_minutes": 30, "requires_approval": True},
          (MANAGER_YANGPU,)),
    venue("daxue-road-photo-studio", "Daxue Road Photo Studio", "大学路摄影棚", "photo_studio",
          "Yangpu", YANGPU, "Daxue Road, Yangpu District", (31.3045, 121.5097), 20,
          "Three sets (white cyclorama, black velvet and a living-room set) on the student street "
          "near Wujiaochang.",
          "位于五角场大学路的三套摄影场景：白色无影墙、黑色丝绒背景和客厅实景。",
          ["cyclorama", "strobe_lights", "props", "dressing_room", "wifi"],
          hours(DAILY, ("09:00", "21:00")),
          {"slot_minutes": 30, "min_duration_minutes": 60, "max_duration_minutes": 480,
           "buffer_minutes": 15, "max_concurrent": 3},
          (MANAGER_YANGPU,)),
)

DEMO_CLOSURES = (
    ("power-station-of-art", "2027-03-01T00:00", "2027-03-08T00:00", "Installation of a new exhibition"),
    ("fuxing-live-room-a", "2027-01-15T10:00", "2027-01-15T18:00", "Lighting rig maintenance"),
)


@demo_cli.command("load")
def load_command() -> None:
    """Load the demo venues and accounts (safe to run again: nothing is duplicated)."""
    users = {spec.email: upsert_user(spec) for spec in DEMO_USERS}
    changed = [spec["data"]["slug"] for spec in DEMO_VENUES if upsert_venue(spec, users)]
    changed += [slug for slug, *closure in DEMO_CLOSURES if upsert_closure(slug, *closure)]
    db.session.commit()
    click.echo(f"{len(DEMO_VENUES)} demo venues; {len(set(changed))} created or updated.")
    click.echo("Demo logins (email / password / role):")
    for spec in DEMO_USERS:
        click.echo(f"  {spec.email:<26} {spec.password:<22} {spec.role.value}")


def upsert_user(spec: DemoUser) -> User:
    user = find_user_by_email(spec.email)
    if user is None:
        return create_user(spec.email, spec.password, spec.display_name, role=spec.role, locale=spec.locale)
    for name in ("display_name", "role", "locale"):
        if getattr(user, name) != getattr(spec, name):
            setattr(user, name, getattr(spec, name))
    if not password_matches(user.password_hash, spec.password):
        set_password(user, spec.password)
    return user


def upsert_venue(spec: dict, users: dict[str, User]) -> bool:
    """Create or update one venue from its spec; True when anything changed."""
    data = VenueCreateIn().load(spec["data"])
    managers = sorted((users[manager.email] for manager in spec["managers"]), key=lambda user: user.id)
    existing = db.session.scalar(select(Venue).where(Venue.slug == data["slug"]))
    if existing is None:
        new_venue = service.build_venue(data)
        new_venue.managers = managers
        db.session.add(new_venue)
        return True
    changed = service.apply_changes(existing, data)
    if existing.manager_ids != [user.id for user in managers]:
        existing.managers = managers
        changed = True
    if changed:
        existing.updated_at = clock.now()
    return changed


def upsert_closure(slug: str, start: str, end: str, reason: str) -> bool:
    target = db.session.scalar(select(Venue).where(Venue.slug == slug))
    starts_at = to_utc(datetime.fromisoformat(start), target.timezone)
    ends_at = to_utc(datetime.fromisoformat(end), target.timezone)
    closure = db.session.scalar(select(Closure).where(Closure.venue_id == target.id,
                                                      Closure.start == starts_at))
    if closure is not None and (closure.end, closure.reason) == (ends_at, reason):
        return False
    if closure is None:
        closure = Closure(venue=target, start=starts_at, created_at=clock.now())
        db.session.add(closure)
    closure.end, closure.reason = ends_at, reason
    return True
