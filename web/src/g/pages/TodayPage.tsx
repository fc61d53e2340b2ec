// 今日任务: the plans' tasks of this day/week/month with the worker's progress, and quick entries
// to log routine work. The last list is kept on the phone for a start without a connection.
import { useQuery } from '@tanstack/react-query';
import { Button, ProgressBar, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { todayTasks, WORK_KINDS, type TodayTask } from '../api';
import { Header } from '../parts';
import { useGridUser } from '../session';

const cacheKey = (userId: string) => `yimen.g.tasks.${userId}`;

function cachedTasks(userId: string): TodayTask[] | undefined {
  try {
    const raw = localStorage.getItem(cacheKey(userId));
    return raw ? (JSON.parse(raw) as TodayTask[]) : undefined;
  } catch {
    return undefined;
  }
}

export function TodayPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useGridUser();
  const tasks = useQuery({
    queryKey: ['grid', 'tasks', user.id],
    queryFn: async () => {
      const list = await todayTasks();
      localStorage.setItem(cacheKey(user.id), JSON.stringify(list));
      return list;
    },
    placeholderData: () => cachedTasks(user.id),
  });
  const list = tasks.data ?? [];

  return (
    <div>
      <Header title={t('g.today.title')} />
      <div className="g-section">
        <div style={{ fontSize: 18, fontWeight: 600 }}>{t('g.today.hello', { name: user.displayName })}</div>
        <div className="g-muted">
          {t(`common.role.${user.role}`)} · {t('g.today.grid', { name: user.scopeName ?? user.scopeCode })}
        </div>
      </div>
      {tasks.isError && <div className="g-section g-muted">{t('g.today.noConnection')}</div>}
      {list.length === 0 && !tasks.isLoading && <div className="g-card g-muted">{t('g.today.none')}</div>}
      {list.map((task) => {
        const done = task.done >= task.required;
        return (
          <div className="g-card" key={task.key} data-testid="task">
            <div className="g-row">
              <Tag color="primary" fill="outline">
                {t(`g.kind.${task.kind}`)}
              </Tag>
              <h3 className="g-grow" style={{ margin: 0 }}>
                {task.title}
              </h3>
              <span className="g-muted">{t(`g.today.period.${task.every}`)}</span>
            </div>
            <div className="g-row" style={{ marginTop: 10 }}>
              <div className="g-grow">
                <ProgressBar
                  percent={Math.min(100, (task.done / Math.max(1, task.required)) * 100)}
                  style={{ '--fill-color': done ? '#52c41a' : undefined }}
                />
              </div>
              <span data-testid="task-progress">
                {t('g.today.progress', { done: task.done, required: task.required })}
              </span>
              {!done && (
                <Button
                  size="small"
                  color="primary"
                  fill="outline"
                  onClick={() =>
                    navigate(
                      `/log?kind=${task.kind}&task=${task.planId}&title=${encodeURIComponent(task.title)}`,
                    )
                  }
                >
                  {t('g.today.doIt')}
                </Button>
              )}
            </div>
          </div>
        );
      })}
      <div className="g-section" style={{ fontWeight: 600 }}>
        {t('g.today.quick')}
      </div>
      <div className="g-quick">
        {WORK_KINDS.map((k) => (
          <Button key={k} block onClick={() => navigate(`/log?kind=${k}`)}>
            {t(`g.kind.${k}`)}
          </Button>
        ))}
      </div>
    </div>
  );
}
